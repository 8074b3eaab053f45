package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.RunningServer;
import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
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
 * The DaemonSet controller inside {@code capstan server} with the scheduler placing its pods (bound through
 * node affinity {@code matchFields metadata.name}): one pod per untainted node, a pod for a node added
 * later, and — once the DaemonSet tolerates the taint — a pod on the tainted node too (a rolling update).
 */
class DaemonSetIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;
    static SimulatedNodes nodes;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        nodes = new SimulatedNodes(client);
        nodes.renewLeases(Duration.ofSeconds(5));
        nodes.runBoundPods();
    }

    @AfterAll
    static void disconnect() {
        nodes.close();
        client.close();
    }

    private static DaemonSet agent() {
        return new DaemonSetBuilder().withNewMetadata().withName("agent").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "agent")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "agent")).endMetadata()
                .withNewSpec().addNewContainer().withName("agent").withImage("agent:1").endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    /** Node name → daemon pod, for live pods that are bound, Ready and of the DaemonSet's current template. */
    private static Map<String, String> readyPodsByNode() {
        return client.pods().inNamespace("default").withLabel("app", "agent").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getSpec().getNodeName() != null)
                .filter(DaemonSetIT::ready)
                .collect(java.util.stream.Collectors.toMap(p -> p.getSpec().getNodeName(), p -> p.getMetadata().getName()));
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static long livePods() {
        return client.pods().inNamespace("default").withLabel("app", "agent").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).count();
    }

    private static DaemonSet current() {
        return client.apps().daemonSets().inNamespace("default").withName("agent").get();
    }

    @Test
    void onePodPerEligibleNodeFollowingNodesAndTolerations() {
        nodes.create(2, NodeShape.standard("ds-plain-"));
        nodes.create(1, NodeShape.standard("ds-tainted-").withTaints(List.of(new TaintBuilder().withKey("dedicated")
                .withValue("infra").withEffect("NoSchedule").build())));
        client.apps().daemonSets().inNamespace("default").resource(agent()).create();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(readyPodsByNode()).containsOnlyKeys("ds-plain-0", "ds-plain-1");
            DaemonSet ds = current();
            assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(2);
            assertThat(ds.getStatus().getCurrentNumberScheduled()).isEqualTo(2);
            assertThat(ds.getStatus().getNumberReady()).isEqualTo(2);
            assertThat(ds.getStatus().getNumberAvailable()).isEqualTo(2);
            assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(2);
            assertThat(ds.getStatus().getNumberMisscheduled()).isZero();
            assertThat(ds.getStatus().getObservedGeneration()).isEqualTo(ds.getMetadata().getGeneration());
        });
        assertThat(livePods()).isEqualTo(2);
        Pod any = client.pods().inNamespace("default").withLabel("app", "agent").list().getItems().get(0);
        assertThat(any.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchFields().get(0).getValues()).containsExactly(any.getSpec().getNodeName());
        assertThat(any.getSpec().getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("node.kubernetes.io/unschedulable"));

        nodes.create(1, NodeShape.standard("ds-added-"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(readyPodsByNode()).containsOnlyKeys("ds-plain-0", "ds-plain-1", "ds-added-0");
            assertThat(current().getStatus().getNumberReady()).isEqualTo(3);
        });

        client.apps().daemonSets().inNamespace("default").withName("agent").edit(d -> new DaemonSetBuilder(d).editSpec()
                .editTemplate().editSpec().addToTolerations(new TolerationBuilder().withKey("dedicated").withOperator("Exists")
                        .withEffect("NoSchedule").build()).endSpec().endTemplate().endSpec().build());
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(readyPodsByNode()).containsOnlyKeys("ds-plain-0", "ds-plain-1", "ds-added-0", "ds-tainted-0");
            DaemonSet ds = current();
            assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(4);
            assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(4);
            assertThat(ds.getStatus().getNumberAvailable()).isEqualTo(4);
        });
        assertThat(livePods()).isEqualTo(4);
    }
}
