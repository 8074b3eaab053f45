package dev.capstan.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code capstan scheduler --kubeconfig FILE} from the packaged jar, as its own OS process, against a server
 * that runs no scheduler: it takes the Lease, binds pods, and serves its metrics and health on its port.
 */
class SchedulerProcessIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.scheduler.enabled=false");

    @Test
    void theSchedulerRoleRunsAsItsOwnProcess() throws Exception {
        Path jar = Path.of("target", "capstan.jar").toAbsolutePath();
        assertThat(jar).as("built by the package phase before integration tests").exists();
        Path log = Files.createTempFile("capstan-scheduler", ".log");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process scheduler = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "scheduler", "--kubeconfig", SERVER.kubeconfig().toString(),
                "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
             SimulatedNodes nodes = new SimulatedNodes(client)) {
            nodes.create(2, NodeShape.standard("worker-"));
            TestPods.create(client, "default", "hello", "100m", Map.of());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(scheduler.isAlive()).as("scheduler process alive; log:\n%s", Files.readString(log)).isTrue();
                assertThat(TestPods.nodeOf(client, "default", "hello")).startsWith("worker-");
            });
            Lease lease = client.leases().inNamespace("kube-system").withName("kube-scheduler").get();
            assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("ok");
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern(
                    "scheduler_schedule_attempts_total\\{profile=\"default-scheduler\",result=\"scheduled\"} 1");
        } finally {
            scheduler.destroy();
            scheduler.waitFor();
            Files.deleteIfExists(log);
        }
    }
}
