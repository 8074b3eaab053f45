package dev.capstan.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pod that fits nowhere: the upstream-shaped PodScheduled condition and FailedScheduling Event (as
 * {@code kubectl describe} shows them), then scheduled by itself once a node that fits is added; the
 * scheduler's metrics on the server's {@code /metrics}.
 */
class UnschedulableIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;
    static SimulatedNodes nodes;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        nodes = new SimulatedNodes(client);
        nodes.create(2, NodeShape.standard("small-").withCapacity("1", "4Gi", 110));
        nodes.create(1, NodeShape.standard("tainted-").withCapacity("8", "16Gi", 110).withTaints(List.of(
                new TaintBuilder().withKey("dedicated").withValue("infra").withEffect("NoSchedule").build())));
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        client.close();
    }

    @Test
    void aPodTooBigForEveryNodeIsReportedAsUpstreamDoesAndScheduledWhenANodeFits() {
        TestPods.create(client, "default", "big", "2", Map.of());
        String expected = "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: infra}, 2 Insufficient cpu.";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Pod pod = client.pods().inNamespace("default").withName("big").get();
            assertThat(pod.getSpec().getNodeName()).isNull();
            assertThat(pod.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("PodScheduled");
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("Unschedulable");
                assertThat(c.getMessage()).startsWith(expected);
            });
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Event> events = client.v1().events().inNamespace("default").list().getItems().stream()
                    .filter(e -> "big".equals(e.getInvolvedObject().getName())).toList();
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getReason()).isEqualTo("FailedScheduling");
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getMessage()).startsWith(expected);
                assertThat(e.getSource().getComponent()).isEqualTo("default-scheduler");
            });
        });
        String described = new Kubectl(SERVER.kubeconfig()).run("describe", "pod", "big").out();
        assertThat(described).contains("FailedScheduling").contains("Insufficient cpu");

        nodes.create(1, NodeShape.standard("large-").withCapacity("4", "8Gi", 110));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(TestPods.nodeOf(client, "default", "big")).isEqualTo("large-0"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(client.v1().events().inNamespace("default").list().getItems()).anySatisfy(e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("big");
                    assertThat(e.getReason()).isEqualTo("Scheduled");
                    assertThat(e.getMessage()).isEqualTo("Successfully assigned default/big to large-0");
                }));
    }

    @Test
    void schedulerMetricsAreOnTheServersMetricsEndpoint() throws Exception {
        TestPods.create(client, "default", "counted", "100m", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> TestPods.nodeOf(client, "default", "counted") != null);
        String metrics = client.raw(SERVER.url() + "/metrics");
        assertThat(metrics)
                .containsPattern("scheduler_schedule_attempts_total\\{profile=\"default-scheduler\",result=\"scheduled\"} [1-9]")
                .contains("scheduler_scheduling_attempt_duration_seconds_bucket")
                .contains("scheduler_pending_pods{queue=\"active\"}")
                .contains("scheduler_preemption_attempts_total");
    }

}
