package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.controllers.runtime.ControllerManager;
import dev.capstan.scheduling.core.SchedulerRunner;
import dev.capstan.server.roles.ControlPlaneComponents;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code capstan apiserver}: the API server alone. It serves the API (and bootstraps what an API server does:
 * namespaces, the kubernetes Service), but no scheduler or controller-manager bean exists in the process, not
 * even as a child context: a pod stays unscheduled and nobody takes the components' Leases.
 */
class ApiServerRoleIT {

    @RegisterExtension
    static final RunningServer SERVER = RunningServer.apiServer("--capstan.tls-san=capstan-api.example.test,10.20.30.40",
            "--capstan.api.advertise-address=10.20.30.40");

    @Test
    void theServingCertificateHasTheExtraNamesAnHaLoadBalancerNeeds() throws Exception {
        java.security.cert.X509Certificate certificate;
        try (var in = Files.newInputStream(SERVER.dataDir().resolve("pki").resolve("server.crt"))) {
            certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
        }
        assertThat(certificate.getSubjectAlternativeNames()).extracting(name -> name.get(1).toString())
                .contains("capstan-api.example.test", "10.20.30.40", "127.0.0.1", "kubernetes.default.svc");
    }

    @Test
    void servesTheApiAndBuildsNoSchedulerOrControllerBeans() throws Exception {
        assertThat(SERVER.context().getBeanNamesForType(ControlPlaneComponents.class)).isEmpty();
        assertThat(SERVER.context().getBeanNamesForType(SchedulerRunner.class)).isEmpty();
        assertThat(SERVER.context().getBeanNamesForType(ControllerManager.class)).isEmpty();
        assertThat(SERVER.context().getBeanNamesForType(KubernetesClient.class)).isEmpty();

        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
             SimulatedNodes nodes = new SimulatedNodes(client)) {
            assertThat(client.services().inNamespace("default").withName("kubernetes").get()).isNotNull();
            assertThat(client.endpoints().inNamespace("default").withName("kubernetes").get().getSubsets())
                    .as("the kubernetes Endpoints list the advertised address").singleElement().satisfies(subset -> {
                        assertThat(subset.getAddresses()).extracting("ip").containsExactly("10.20.30.40");
                        assertThat(subset.getPorts()).extracting("port").containsExactly(SERVER.port());
                    });
            assertThat(client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("hello").endMetadata().build()).create().getMetadata().getUid()).isNotBlank();

            nodes.create(1, NodeShape.standard("free-"));
            // the "default" ServiceAccount is the controller manager's to make, and none runs here
            client.serviceAccounts().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                    .withNewMetadata().withName("default").endMetadata().build()).create();
            client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("waiting").endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec().build()).create();
            // a node is free, yet nothing schedules the pod and nothing leads: checked for a while ("not yet" is the claim)
            org.awaitility.Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                Pod pod = client.pods().inNamespace("default").withName("waiting").get();
                return pod.getSpec().getNodeName() == null
                        && client.leases().inNamespace("kube-system").withName("kube-scheduler").get() == null
                        && client.leases().inNamespace("kube-system").withName("kube-controller-manager").get() == null;
            });
        }
    }
}
