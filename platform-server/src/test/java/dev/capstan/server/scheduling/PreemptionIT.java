package dev.capstan.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A high-priority pod that fits nowhere evicts the fewest, lowest-priority pods from one node, is
 * nominated to it, and lands there once the victims are gone (the simulated kubelet confirms deletions).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreemptionIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;
    static SimulatedNodes nodes;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        nodes = new SimulatedNodes(client);
        nodes.create(2, NodeShape.standard("node-").withCapacity("1", "4Gi", 110));
        nodes.runBoundPods();
        for (var entry : Map.of("low", 10, "medium", 100, "high", 1000).entrySet()) {
            client.resource(new PriorityClassBuilder().withNewMetadata().withName(entry.getKey()).endMetadata()
                    .withValue(entry.getValue()).build()).create();
        }
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        client.close();
    }

    /** Pods carry both the class name and its value: resolving names into spec.priority is admission's job. */
    private static Pod withPriority(String name, String cpu, String priorityClass, int priority) {
        return TestPods.create(client, "default", name, cpu, Map.of("priority", priorityClass),
                b -> b.editSpec().withPriorityClassName(priorityClass).withPriority(priority).endSpec());
    }

    @Test
    @Order(1)
    void aHighPriorityPodPreemptsTheLowestPriorityPodAndTakesItsPlace() {
        // node-0: low-a (600m) + medium-a (300m); node-1: medium-b (600m) + medium-c (300m)
        withPriority("low-a", "600m", "low", 10);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestPods.nodeOf(client, "default", "low-a") != null);
        String lowNode = TestPods.nodeOf(client, "default", "low-a");
        String otherNode = lowNode.equals("node-0") ? "node-1" : "node-0";
        TestPods.create(client, "default", "medium-a", "300m", Map.of(), b -> b.editSpec().withNodeName(lowNode)
                .withPriorityClassName("medium").withPriority(100).endSpec());
        TestPods.create(client, "default", "medium-b", "600m", Map.of(), b -> b.editSpec().withNodeName(otherNode)
                .withPriorityClassName("medium").withPriority(100).endSpec());
        TestPods.create(client, "default", "medium-c", "300m", Map.of(), b -> b.editSpec().withNodeName(otherNode)
                .withPriorityClassName("medium").withPriority(100).endSpec());

        withPriority("urgent", "500m", "high", 1000);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(client.pods().inNamespace("default").withName("low-a").get()).isNull();
            assertThat(TestPods.nodeOf(client, "default", "urgent")).isEqualTo(lowNode);
        });
        List<String> survivors = TestPods.list(client, "default").stream().map(p -> p.getMetadata().getName()).toList();
        assertThat(survivors).containsExactlyInAnyOrder("medium-a", "medium-b", "medium-c", "urgent");
        // The scheduler's reporter writes Events after binding, asynchronously.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("urgent");
                    assertThat(e.getReason()).isEqualTo("Scheduled");
                }));
    }

    /** Runs after the first test: both nodes are then too full for it, and it may not evict anyone. */
    @Test
    @Order(2)
    void aPodThatMayNotPreemptStaysPending() {
        // the Priority admission plugin resolves the class into spec.priority and spec.preemptionPolicy
        client.resource(new PriorityClassBuilder().withNewMetadata().withName("polite").endMetadata().withValue(5000)
                .withPreemptionPolicy("Never").build()).create();
        TestPods.create(client, "default", "polite", "900m", Map.of(), b -> b.editSpec().withPriorityClassName("polite")
                .endSpec());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Pod pod = client.pods().inNamespace("default").withName("polite").get();
            assertThat(pod.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getReason()).isEqualTo("Unschedulable");
                assertThat(c.getMessage()).startsWith("0/2 nodes are available: 2 Insufficient cpu.")
                        .contains("preemption: not eligible due to preemptionPolicy=Never.");
            });
            assertThat(pod.getStatus().getNominatedNodeName()).isNull();
        });
        assertThat(TestPods.nodeOf(client, "default", "polite")).isNull();
        client.pods().inNamespace("default").withName("polite").delete();
    }
}
