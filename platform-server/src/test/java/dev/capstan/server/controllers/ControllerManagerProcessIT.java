package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.ComponentProcess;
import dev.capstan.server.Kubectl;
import dev.capstan.server.MetricsReaderToken;
import dev.capstan.server.RunningServer;
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
 * {@code capstan controller-manager --kubeconfig FILE} from the packaged jar, as its own OS process, against a
 * server that runs no controllers: it takes the Lease, its node lifecycle controller marks a silent node
 * Unknown, and it serves health and its workqueue metrics over HTTPS on its port (the metrics to a token allowed
 * {@code /metrics}).
 */
class ControllerManagerProcessIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.controllers.enabled=false");

    @Test
    void theControllerManagerRoleRunsAsItsOwnProcess() throws Exception {
        try (ComponentProcess manager = ComponentProcess.start("controller-manager", SERVER.kubeconfig(),
                "--capstan.controllers.nodelifecycle.node-monitor-grace-period=2s");
             KubernetesClient client = new KubernetesClientBuilder()
                     .withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
             SimulatedNodes nodes = new SimulatedNodes(client).withoutLeases()) {
            nodes.create(1, NodeShape.standard("silent-"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(manager.isAlive()).as("controller manager alive; log:\n%s", manager.log()).isTrue();
                assertThat(client.nodes().withName("silent-0").get().getStatus().getConditions())
                        .as("controller manager log:\n%s", manager.log())
                        .anySatisfy(c -> assertThat(c.getStatus()).isEqualTo("Unknown"));
            });
            assertThat(client.leases().inNamespace("kube-system").withName("kube-controller-manager").get()
                    .getSpec().getHolderIdentity()).isNotBlank();

            assertThat(manager.get("/healthz", null).body()).isEqualTo("ok");
            String token = MetricsReaderToken.create(new Kubectl(SERVER.kubeconfig()));
            assertThat(manager.get("/metrics", token).body())
                    .contains("workqueue_adds_total{name=\"nodelifecycle\"}")
                    .contains("workqueue_depth{name=\"nodelifecycle\"}");
        }
    }
}
