package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Services get cluster IPs from the service range and node ports from 30000-32767, as upstream's service
 * registry hands them out; taken or out-of-range ones are refused with upstream's 422; a deleted Service's
 * addresses can be used again.
 */
class ServiceAllocationIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.scheduler.enabled=false", "--capstan.controllers.enabled=false");

    static KubernetesClient client;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    private static Service create(String name, String type, String clusterIp, Integer nodePort) {
        return client.services().inNamespace("default").resource(new ServiceBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withType(type).withClusterIP(clusterIp).withSelector(java.util.Map.of("app", name))
                .addNewPort().withPort(80).withNodePort(nodePort).endPort().endSpec().build()).create();
    }

    private static long address(String ip) {
        String[] o = ip.split("\\.");
        return Long.parseLong(o[0]) << 24 | Long.parseLong(o[1]) << 16 | Long.parseLong(o[2]) << 8 | Long.parseLong(o[3]);
    }

    @Test
    void everyServiceGetsItsOwnClusterIpFromTheServiceRange() {
        Set<String> ips = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Service service = create("svc-" + i, "ClusterIP", null, null);
            String ip = service.getSpec().getClusterIP();
            assertThat(address(ip)).isBetween(address("10.96.0.2"), address("10.111.255.254"));
            assertThat(service.getSpec().getClusterIPs()).containsExactly(ip);
            assertThat(service.getSpec().getIpFamilies()).containsExactly("IPv4");
            ips.add(ip);
        }
        assertThat(ips).hasSize(20);
        String got = new Kubectl(SERVER.kubeconfig()).run("get", "svc", "svc-0", "-o", "jsonpath={.spec.clusterIP}").out();
        assertThat(client.services().inNamespace("default").withName("svc-0").get().getSpec().getClusterIP()).isEqualTo(got);
    }

    @Test
    void aRequestedClusterIpIsHonouredOnceAndRefusedWhenTakenOrOutOfRange() {
        assertThat(create("fixed", "ClusterIP", "10.96.100.10", null).getSpec().getClusterIP()).isEqualTo("10.96.100.10");
        assertThatThrownBy(() -> create("fixed-again", "ClusterIP", "10.96.100.10", null))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).contains("spec.clusterIPs")
                            .contains("failed to allocate IP 10.96.100.10: provided IP is already allocated");
                });
        assertThatThrownBy(() -> create("outside", "ClusterIP", "192.168.1.1", null))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
                        .contains("is not in the valid range. The range of valid IPs is 10.96.0.0/12"));
        client.services().inNamespace("default").withName("fixed").delete();
        org.awaitility.Awaitility.await().until(() -> client.services().inNamespace("default").withName("fixed").get() == null);
        assertThat(create("fixed-later", "ClusterIP", "10.96.100.10", null).getSpec().getClusterIP())
                .as("a deleted Service's address is free again").isEqualTo("10.96.100.10");
    }

    @Test
    void theKubernetesServiceHasTheFirstAddressAndPointsAtThisServer() {
        Service kubernetes = client.services().inNamespace("default").withName("kubernetes").get();
        assertThat(kubernetes.getSpec().getClusterIP()).isEqualTo("10.96.0.1");
        assertThat(kubernetes.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("https");
            assertThat(p.getPort()).isEqualTo(443);
        });
        var endpoints = client.endpoints().inNamespace("default").withName("kubernetes").get();
        assertThat(endpoints.getSubsets()).singleElement().satisfies(subset -> {
            assertThat(subset.getAddresses()).extracting("ip").containsExactly("127.0.0.1");
            assertThat(subset.getPorts()).extracting("port").containsExactly(SERVER.port());
        });
        assertThatThrownBy(() -> create("impostor", "ClusterIP", "10.96.0.1", null))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    }

    @Test
    void headlessServicesGetNoAddressAndNodePortServicesGetAPort() {
        Service headless = create("headless", "ClusterIP", "None", null);
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        Service nodePort = create("exposed", "NodePort", null, null);
        assertThat(nodePort.getSpec().getPorts().get(0).getNodePort()).isBetween(30000, 32767);
        Service fixedPort = create("fixed-port", "NodePort", null, 30080);
        assertThat(fixedPort.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30080);
        assertThatThrownBy(() -> create("port-clash", "NodePort", null, 30080))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).contains("spec.ports[0].nodePort")
                            .contains("provided port is already allocated");
                });
    }
}
