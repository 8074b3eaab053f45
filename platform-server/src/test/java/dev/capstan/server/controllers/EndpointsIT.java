package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Endpoints and EndpointSlice controllers in a real server: a Service selecting pods that simulated
 * kubelets run gets Endpoints and a slice listing the ready pods' IPs on the port its named targetPort
 * resolves to; a deleted pod leaves both; kubectl shows them; deleted Endpoints come back; a deleted service
 * takes its Endpoints along.
 */
class EndpointsIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;
    static SimulatedNodes nodes;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        nodes = new SimulatedNodes(client);
        nodes.create(2, NodeShape.standard("ep-node-").inZones("zone-a", "zone-b"));
        nodes.runBoundPods();
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        client.close();
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx")
                .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(8080).build()).endContainer().endSpec()
                .build();
    }

    private static Set<String> podIps() {
        return client.pods().inNamespace("default").withLabel("app", "web").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(p -> p.getStatus() == null ? null : p.getStatus().getPodIP())
                .filter(ip -> ip != null && !ip.isEmpty()).collect(Collectors.toSet());
    }

    private static Set<String> endpointIps() {
        Endpoints endpoints = client.endpoints().inNamespace("default").withName("web").get();
        if (endpoints == null || endpoints.getSubsets() == null) {
            return Set.of();
        }
        return endpoints.getSubsets().stream().flatMap(s -> s.getAddresses().stream()).map(EndpointAddress::getIp)
                .collect(Collectors.toSet());
    }

    private static List<EndpointSlice> slices() {
        return client.resources(EndpointSlice.class).inNamespace("default").withLabel("kubernetes.io/service-name", "web")
                .list().getItems();
    }

    private static Set<String> sliceIps() {
        return slices().stream().flatMap(s -> s.getEndpoints().stream())
                .filter(e -> Boolean.TRUE.equals(e.getConditions().getReady()))
                .flatMap(e -> e.getAddresses().stream()).collect(Collectors.toSet());
    }

    @Test
    void endpointsAndSlicesFollowTheServicesReadyPods() {
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("web")
                .withLabels(Map.of("tier", "front")).endMetadata()
                .withNewSpec().withSelector(Map.of("app", "web"))
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort().endSpec().build()).create();
        for (int i = 0; i < 3; i++) {
            client.pods().inNamespace("default").resource(pod("web-" + i)).create();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(podIps()).hasSize(3));
        Set<String> ips = podIps();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(endpointIps()).isEqualTo(ips));
        Endpoints endpoints = client.endpoints().inNamespace("default").withName("web").get();
        EndpointSubset subset = endpoints.getSubsets().get(0);
        assertThat(subset.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getPort()).isEqualTo(8080);
        });
        assertThat(subset.getAddresses()).allSatisfy(a -> {
            assertThat(a.getTargetRef().getKind()).isEqualTo("Pod");
            assertThat(a.getNodeName()).startsWith("ep-node-");
        });
        assertThat(endpoints.getMetadata().getLabels()).containsEntry("tier", "front");
        assertThat(endpoints.getMetadata().getAnnotations()).containsKey("endpoints.kubernetes.io/last-change-trigger-time");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sliceIps()).isEqualTo(ips));
        EndpointSlice slice = slices().get(0);
        assertThat(slice.getMetadata().getName()).startsWith("web-");
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getMetadata().getLabels()).containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
        assertThat(slice.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("Service"));
        assertThat(slice.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
        assertThat(slice.getEndpoints()).extracting(Endpoint::getZone).isSubsetOf("zone-a", "zone-b").doesNotContainNull();

        // Level-based without churn: nothing changes, so nothing is rewritten.
        String endpointsVersion = client.endpoints().inNamespace("default").withName("web").get().getMetadata().getResourceVersion();
        String sliceVersion = slices().get(0).getMetadata().getResourceVersion();
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(client.endpoints().inNamespace("default").withName("web").get().getMetadata().getResourceVersion())
                    .isEqualTo(endpointsVersion);
            assertThat(slices()).singleElement().satisfies(s -> assertThat(s.getMetadata().getResourceVersion()).isEqualTo(sliceVersion));
        });

        String kubectl = new Kubectl(SERVER.kubeconfig()).run("get", "endpoints", "web").ok().out();
        ips.forEach(ip -> assertThat(kubectl).contains(ip + ":8080"));

        client.pods().inNamespace("default").withName("web-0").delete();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(client.pods().inNamespace("default").withName("web-0").get()).isNull();
            Set<String> remaining = podIps();
            assertThat(remaining).hasSize(2);
            assertThat(endpointIps()).isEqualTo(remaining);
            assertThat(sliceIps()).isEqualTo(remaining);
        });

        // Deleted by hand: the controller puts them back.
        client.endpoints().inNamespace("default").withName("web").delete();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(endpointIps()).isEqualTo(podIps()).hasSize(2));

        client.services().inNamespace("default").withName("web").delete();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(client.endpoints().inNamespace("default").withName("web").get()).isNull());
    }
}
