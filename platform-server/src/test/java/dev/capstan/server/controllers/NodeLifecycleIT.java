package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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
 * A node whose kubelet stops renewing its Lease: after the grace period it is {@code Ready=Unknown} with
 * the unreachable taints, its pods are evicted when their toleration runs out, and a ReplicaSet's pods come
 * back on the live nodes. Grace period and default toleration are shortened for the test.
 */
class NodeLifecycleIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(
            "--capstan.controllers.nodelifecycle.node-monitor-grace-period=4s",
            "--capstan.controllers.taint-eviction.default-toleration-seconds=2s",
            // the DefaultTolerationSeconds admission plugin gives every pod these tolerations (upstream's flags)
            "--capstan.api.admission.default-not-ready-toleration-seconds=2s",
            "--capstan.api.admission.default-unreachable-toleration-seconds=2s");

    static KubernetesClient client;
    static SimulatedNodes nodes;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        nodes = new SimulatedNodes(client);
        nodes.renewLeases(Duration.ofSeconds(1));
        nodes.create(3, NodeShape.standard("node-"));
        nodes.runBoundPods();
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        client.close();
    }

    @Test
    void aDeadNodesPodsAreEvictedAndTheReplicaSetRecreatesThemElsewhere() {
        client.apps().replicaSets().inNamespace("default").resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> running("web").size() == 3);
        String dead = running("web").get(0).getSpec().getNodeName();
        // a standalone pod too, to see the eviction itself
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("lonely").endMetadata()
                .withNewSpec().withNodeName(dead).addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .build()).create();

        nodes.stopRenewing(dead);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Node node = client.nodes().withName(dead).get();
            assertThat(node.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("Unknown");
                assertThat(c.getReason()).isEqualTo("NodeStatusUnknown");
            });
            assertThat(node.getSpec().getTaints()).extracting("key", "effect").contains(
                    org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", "NoSchedule"),
                    org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", "NoExecute"));
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Pod lonely = client.pods().inNamespace("default").withName("lonely").get();
            assertThat(lonely.getMetadata().getDeletionTimestamp()).as("evicted (the dead kubelet never confirms)").isNotNull();
            assertThat(lonely.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("DisruptionTarget");
                assertThat(c.getReason()).isEqualTo("DeletionByTaintManager");
            });
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Pod> live = running("web");
            assertThat(live).hasSize(3).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNotEqualTo(dead));
        });
    }

    /** The ReplicaSet's pods that are not being deleted and are bound. */
    private static List<Pod> running(String app) {
        return client.pods().inNamespace("default").withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getSpec().getNodeName() != null).toList();
    }
}
