package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code capstan controller-manager --kubeconfig FILE} from the packaged jar, as its own OS process, against a
 * server that runs no controllers: it takes the Lease, its node lifecycle controller marks a silent node
 * Unknown, and it serves its workqueue metrics and health on its port.
 */
class ControllerManagerProcessIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.controllers.enabled=false");

    @Test
    void theControllerManagerRoleRunsAsItsOwnProcess() throws Exception {
        Path jar = Path.of("target", "capstan.jar").toAbsolutePath();
        assertThat(jar).as("built by the package phase before integration tests").exists();
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("capstan-controller-manager", ".log");
        Process manager = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "controller-manager", "--kubeconfig", SERVER.kubeconfig().toString(),
                "--port", Integer.toString(port), "--capstan.controllers.nodelifecycle.node-monitor-grace-period=2s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
             SimulatedNodes nodes = new SimulatedNodes(client).withoutLeases()) {
            nodes.create(1, NodeShape.standard("silent-"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(manager.isAlive()).as("controller manager alive; log:\n%s", Files.readString(log)).isTrue();
                assertThat(client.nodes().withName("silent-0").get().getStatus().getConditions())
                        .anySatisfy(c -> assertThat(c.getStatus()).isEqualTo("Unknown"));
            });
            assertThat(client.leases().inNamespace("kube-system").withName("kube-controller-manager").get()
                    .getSpec().getHolderIdentity()).isNotBlank();
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("ok");
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body())
                    .contains("workqueue_adds_total{name=\"nodelifecycle\"}")
                    .contains("workqueue_depth{name=\"nodelifecycle\"}");
        } finally {
            manager.destroy();
            manager.waitFor();
            Files.deleteIfExists(log);
        }
    }
}
