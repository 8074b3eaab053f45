package dev.capstan.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.ComponentProcess;
import dev.capstan.server.Kubectl;
import dev.capstan.server.MetricsReaderToken;
import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code capstan scheduler --kubeconfig FILE} from the packaged jar, as its own OS process, against a server
 * that runs no scheduler: it takes the Lease, binds pods, and serves health and its metrics over HTTPS on its
 * port, the metrics only to a caller whose token the API server says may get {@code /metrics}.
 */
class SchedulerProcessIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.scheduler.enabled=false");

    @Test
    void theSchedulerRoleRunsAsItsOwnProcess() throws Exception {
        try (ComponentProcess scheduler = ComponentProcess.start("scheduler", SERVER.kubeconfig());
             KubernetesClient client = new KubernetesClientBuilder()
                     .withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
             SimulatedNodes nodes = new SimulatedNodes(client)) {
            nodes.create(2, NodeShape.standard("worker-"));
            TestPods.create(client, "default", "hello", "100m", Map.of());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(scheduler.isAlive()).as("scheduler process alive; log:\n%s", scheduler.log()).isTrue();
                assertThat(TestPods.nodeOf(client, "default", "hello")).startsWith("worker-");
            });
            Lease lease = client.leases().inNamespace("kube-system").withName("kube-scheduler").get();
            assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();

            assertThat(scheduler.get("/healthz", null).body()).isEqualTo("ok");
            String token = MetricsReaderToken.create(new Kubectl(SERVER.kubeconfig()));
            assertThat(scheduler.get("/metrics", token).body()).containsPattern(
                    "scheduler_schedule_attempts_total\\{profile=\"default-scheduler\",result=\"scheduled\"} 1");

            HttpResponse<String> anonymous = scheduler.get("/metrics", null);
            assertThat(anonymous.statusCode()).isEqualTo(403);
            assertThat(anonymous.body()).contains("\"reason\":\"Forbidden\"")
                    .contains("forbidden: User \\\"system:anonymous\\\" cannot get path \\\"/metrics\\\"");
            HttpResponse<String> badToken = scheduler.get("/metrics", "not-a-token");
            assertThat(badToken.statusCode()).isEqualTo(401);
            assertThat(badToken.body()).contains("\"reason\":\"Unauthorized\"");
        }
    }
}
