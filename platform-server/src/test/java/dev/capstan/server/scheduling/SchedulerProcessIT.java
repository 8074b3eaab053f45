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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code capstan scheduler --kubeconfig FILE} from the packaged jar, as its own OS process, against a server
 * that runs no scheduler: it takes the Lease and binds pods; killed, it leaves them bound.
 */
class SchedulerProcessIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.scheduler.enabled=false");

    @Test
    void theSchedulerRoleRunsAsItsOwnProcess() throws Exception {
        Path jar = Path.of("target", "capstan.jar").toAbsolutePath();
        assertThat(jar).as("built by the package phase before integration tests").exists();
        Path log = Files.createTempFile("capstan-scheduler", ".log");
        Process scheduler = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "scheduler", "--kubeconfig", SERVER.kubeconfig().toString())
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
        } finally {
            scheduler.destroy();
            scheduler.waitFor();
            Files.deleteIfExists(log);
        }
    }
}
