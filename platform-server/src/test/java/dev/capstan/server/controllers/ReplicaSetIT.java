package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
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
 * The ReplicaSet and ReplicationController controllers against a real server with three simulated nodes:
 * pods are created once, scaled through the scale subresource, replaced, adopted and released as upstream.
 */
class ReplicaSetIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;
    static SimulatedNodes nodes;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        nodes = new SimulatedNodes(client);
        nodes.create(3, NodeShape.standard("node-"));
        nodes.runBoundPods();
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        client.close();
    }

    @Test
    void aReplicaSetGetsItsPodsRunningAndReadyCreatedOnlyOnce() throws Exception {
        ReplicaSet rs = client.apps().replicaSets().inNamespace("default").resource(replicaSet("web", 3, 0)).create();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(readyPods("web")).hasSize(3);
            ReplicaSet current = client.apps().replicaSets().inNamespace("default").withName("web").get();
            assertThat(current.getStatus().getReplicas()).isEqualTo(3);
            assertThat(current.getStatus().getFullyLabeledReplicas()).isEqualTo(3);
            assertThat(current.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(current.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(current.getStatus().getObservedGeneration()).isEqualTo(current.getMetadata().getGeneration());
        });
        Thread.sleep(2000); // settle: no pod may be created twice
        List<Pod> pods = pods("web");
        assertThat(pods).hasSize(3).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getName()).startsWith("web-");
            assertThat(pod.getMetadata().getGenerateName()).isEqualTo("web-");
            OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
            assertThat(owner.getKind()).isEqualTo("ReplicaSet");
            assertThat(owner.getUid()).isEqualTo(rs.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
            assertThat(owner.getBlockOwnerDeletion()).isTrue();
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("web", "SuccessfulCreate"))
                .hasSize(3).allSatisfy(e -> {
                    assertThat(e.getMessage()).startsWith("Created pod: web-");
                    assertThat(e.getSource().getComponent()).isEqualTo("replicaset-controller");
                }));
    }

    @Test
    void kubectlScaleUpAndDownWorksThroughTheScaleSubresource() {
        client.apps().replicaSets().inNamespace("default").resource(replicaSet("scaled", 3, 0)).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> readyPods("scaled").size() == 3);
        Kubectl kubectl = new Kubectl(SERVER.kubeconfig());

        kubectl.run("scale", "rs/scaled", "--replicas=5").ok();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(readyPods("scaled")).hasSize(5);
            assertThat(client.apps().replicaSets().inNamespace("default").withName("scaled").get().getStatus().getReadyReplicas())
                    .isEqualTo(5);
        });

        kubectl.run("scale", "rs/scaled", "--replicas=1").ok();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(pods("scaled")).hasSize(1);
            ReplicaSet current = client.apps().replicaSets().inNamespace("default").withName("scaled").get();
            assertThat(current.getStatus().getReplicas()).isEqualTo(1);
            assertThat(current.getStatus().getReadyReplicas()).isEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("scaled", "SuccessfulDelete"))
                .hasSize(4).allSatisfy(e -> assertThat(e.getMessage()).startsWith("Deleted pod: scaled-")));
    }

    @Test
    void aDeletedPodIsReplaced() {
        client.apps().replicaSets().inNamespace("default").resource(replicaSet("phoenix", 2, 0)).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> readyPods("phoenix").size() == 2);
        String victim = readyPods("phoenix").get(0).getMetadata().getName();

        client.pods().inNamespace("default").withName(victim).delete();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readyPods("phoenix")).hasSize(2)
                .extracting(p -> p.getMetadata().getName()).doesNotContain(victim));
    }

    @Test
    void anOrphanPodMatchingTheSelectorIsAdopted() throws Exception {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("stray")
                .withLabels(Map.of("app", "adopter")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> readyPods("adopter").size() == 1);

        ReplicaSet rs = client.apps().replicaSets().inNamespace("default").resource(replicaSet("adopter", 2, 0)).create();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Pod stray = client.pods().inNamespace("default").withName("stray").get();
            assertThat(stray.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
                assertThat(owner.getUid()).isEqualTo(rs.getMetadata().getUid());
                assertThat(owner.getController()).isTrue();
            });
            assertThat(readyPods("adopter")).hasSize(2);
        });
        Thread.sleep(2000);
        assertThat(pods("adopter")).hasSize(2).extracting(p -> p.getMetadata().getName()).contains("stray");
    }

    @Test
    void aPodThatNoLongerMatchesIsReleasedAndReplaced() {
        client.apps().replicaSets().inNamespace("default").resource(replicaSet("releaser", 2, 0)).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> readyPods("releaser").size() == 2);
        String leaving = readyPods("releaser").get(0).getMetadata().getName();

        client.pods().inNamespace("default").withName(leaving).edit(p -> new PodBuilder(p).editMetadata()
                .addToLabels("app", "elsewhere").endMetadata().build());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(client.pods().inNamespace("default").withName(leaving).get().getMetadata().getOwnerReferences())
                    .isNullOrEmpty();
            assertThat(readyPods("releaser")).hasSize(2).extracting(p -> p.getMetadata().getName()).doesNotContain(leaving);
        });
    }

    @Test
    void availableReplicasWaitForMinReadySeconds() {
        client.apps().replicaSets().inNamespace("default").resource(replicaSet("patient", 2, 3)).create();
        ReplicaSet firstReady = await().atMost(Duration.ofSeconds(30))
                .until(() -> client.apps().replicaSets().inNamespace("default").withName("patient").get(),
                        rs -> rs.getStatus() != null && Integer.valueOf(2).equals(rs.getStatus().getReadyReplicas()));
        assertThat(firstReady.getStatus().getAvailableReplicas()).as("ready for less than minReadySeconds").isLessThan(2);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ReplicaSet current = client.apps().replicaSets().inNamespace("default").withName("patient").get();
            assertThat(current.getStatus().getReadyReplicas()).isEqualTo(2);
            assertThat(current.getStatus().getAvailableReplicas()).isEqualTo(2);
        });
    }

    @Test
    void aReplicationControllerKeepsItsPodsRunning() {
        client.replicationControllers().inNamespace("default").resource(new ReplicationControllerBuilder()
                .withNewMetadata().withName("legacy").endMetadata()
                .withNewSpec().withReplicas(2).withSelector(Map.of("app", "legacy"))
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "legacy")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(readyPods("legacy")).hasSize(2).allSatisfy(pod ->
                    assertThat(pod.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("ReplicationController"));
            ReplicationController current = client.replicationControllers().inNamespace("default").withName("legacy").get();
            assertThat(current.getStatus().getReadyReplicas()).isEqualTo(2);
            assertThat(current.getStatus().getAvailableReplicas()).isEqualTo(2);
        });
        client.replicationControllers().inNamespace("default").withName("legacy").scale(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pods("legacy")).hasSize(1));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("legacy", "SuccessfulCreate"))
                .allSatisfy(e -> assertThat(e.getSource().getComponent()).isEqualTo("replication-controller")).hasSize(2));
    }

    @Test
    void aPodThatCannotBeCreatedIsReportedAsReplicaFailure() {
        ReplicaSet broken = new ReplicaSetBuilder(replicaSet("broken", 3, 0)).editSpec().editTemplate().editMetadata()
                .addToLabels("version", "-not-a-label-value-").endMetadata().endTemplate().endSpec().build();
        client.apps().replicaSets().inNamespace("default").resource(broken).create();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ReplicaSet current = client.apps().replicaSets().inNamespace("default").withName("broken").get();
            assertThat(current.getStatus().getConditions()).singleElement().satisfies(c -> {
                assertThat(c.getType()).isEqualTo("ReplicaFailure");
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo("FailedCreate");
                assertThat(c.getMessage()).contains("-not-a-label-value-");
            });
            assertThat(events("broken", "FailedCreate")).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getMessage()).startsWith("Error creating: ");
            });
        });
        assertThat(pods("broken")).isEmpty();
        assertThat(events("broken", "FailedCreate")).as("slow start: one attempt per sync, not three").hasSizeLessThan(30);

        client.apps().replicaSets().inNamespace("default").withName("broken").edit(rs -> new ReplicaSetBuilder(rs).editSpec()
                .withReplicas(0).endSpec().build());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.apps().replicaSets().inNamespace("default")
                .withName("broken").get().getStatus().getConditions()).as("a clean sync removes it").isNullOrEmpty());
    }

    private static ReplicaSet replicaSet(String app, int replicas, int minReadySeconds) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withName(app).endMetadata()
                .withNewSpec().withReplicas(replicas).withMinReadySeconds(minReadySeconds)
                .withNewSelector().withMatchLabels(Map.of("app", app)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", app)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    /** Pods of the app not being deleted. */
    private static List<Pod> pods(String app) {
        return client.pods().inNamespace("default").withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static List<Pod> readyPods(String app) {
        return pods(app).stream().filter(p -> "Running".equals(p.getStatus().getPhase()) && p.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))).toList();
    }

    private static List<Event> events(String owner, String reason) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> owner.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
    }
}
