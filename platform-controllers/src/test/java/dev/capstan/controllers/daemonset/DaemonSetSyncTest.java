package dev.capstan.controllers.daemonset;

import static dev.capstan.controllers.daemonset.DaemonSetFixtures.ds;
import static dev.capstan.controllers.daemonset.DaemonSetFixtures.hash;
import static dev.capstan.controllers.daemonset.DaemonSetFixtures.node;
import static dev.capstan.controllers.daemonset.DaemonSetFixtures.pod;
import static dev.capstan.controllers.daemonset.DaemonSetFixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DaemonSetSyncTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
    private static final DaemonSet V1 = ds();
    private static final String OLD = hash(V1);
    private static final List<Node> THREE = List.of(node("n0"), node("n1"), node("n2"));

    @Test
    void everyEligibleNodeGetsOnePodAndTaintedNodesNone() {
        List<Node> nodes = List.of(node("n0"), node("n1"), node("n2", Map.of(), taint("dedicated", "NoSchedule")));
        DaemonSetPlan plan = DaemonSetSync.plan(V1, nodes, List.of(pod("a", "n0", OLD, true)), NOW);
        assertThat(plan.createOn()).containsExactly("n1");
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.status().getDesiredNumberScheduled()).isEqualTo(2);
        assertThat(plan.status().getCurrentNumberScheduled()).isEqualTo(1);
        assertThat(plan.status().getNumberReady()).isEqualTo(1);
        assertThat(plan.status().getNumberAvailable()).isEqualTo(1);
        assertThat(plan.status().getNumberUnavailable()).isEqualTo(1);
        assertThat(plan.status().getUpdatedNumberScheduled()).isEqualTo(1);
        assertThat(plan.status().getNumberMisscheduled()).isZero();
    }

    @Test
    void podsOnNodesNoLongerEligibleOrGoneAreDeleted() {
        List<Node> nodes = List.of(node("n0"), node("n1", Map.of(), taint("dedicated", "NoExecute")));
        List<Pod> pods = List.of(pod("a", "n0", OLD, true), pod("b", "n1", OLD, true), pod("c", "gone", OLD, true));
        DaemonSetPlan plan = DaemonSetSync.plan(V1, nodes, pods, NOW);
        assertThat(plan.delete()).containsExactlyInAnyOrder("b", "c");
        assertThat(plan.status().getNumberMisscheduled()).isEqualTo(1);
    }

    @Test
    void aNewNoScheduleTaintDoesNotEvictARunningDaemonPod() {
        List<Node> nodes = List.of(node("n0", Map.of(), taint("dedicated", "NoSchedule")));
        DaemonSetPlan plan = DaemonSetSync.plan(V1, nodes, List.of(pod("a", "n0", OLD, true)), NOW);
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.createOn()).isEmpty();
    }

    @Test
    void extraPodsOnANodeAreDeletedKeepingTheOldest() {
        Pod older = pod("a", "n0", OLD, true);
        Pod newer = pod("b", "n0", OLD, true);
        newer.getMetadata().setCreationTimestamp("2026-01-01T00:00:05Z");
        DaemonSetPlan plan = DaemonSetSync.plan(V1, List.of(node("n0")), List.of(newer, older), NOW);
        assertThat(plan.delete()).containsExactly("b");
    }

    @Test
    void unscheduledPodsCountForTheNodeOfTheirAffinity() {
        Pod pending = DaemonPods.newPod(V1, "n0", OLD);
        pending.getMetadata().setName("agent-x");
        DaemonSetPlan plan = DaemonSetSync.plan(V1, List.of(node("n0")), List.of(pending), NOW);
        assertThat(plan.createOn()).isEmpty();
        assertThat(plan.delete()).isEmpty();
    }

    static Stream<Arguments> rollingUpdates() {
        return Stream.of(
                Arguments.of("without surge deletes one old pod at a time by default", null, null,
                        List.of(true, true, true), List.of(false, false, false), List.of("p0"), List.of()),
                Arguments.of("without surge waits while an updated pod is not available", null, null,
                        List.of(true, true, false), List.of(false, false, true), List.of(), List.of()),
                Arguments.of("continues once the updated pod is available", null, null,
                        List.of(true, true, true), List.of(false, false, true), List.of("p0"), List.of()),
                Arguments.of("with maxUnavailable 2 deletes two old pods", new IntOrString(2), null,
                        List.of(true, true, true), List.of(false, false, false), List.of("p0", "p1"), List.of()),
                Arguments.of("with maxUnavailable 50% of 3 rounds up to two", new IntOrString("50%"), null,
                        List.of(true, true, true), List.of(false, false, false), List.of("p0", "p1"), List.of()),
                Arguments.of("deletes unavailable old pods at once, beyond maxUnavailable", null, null,
                        List.of(false, false, true), List.of(false, false, false), List.of("p0", "p1"), List.of()),
                Arguments.of("with maxSurge 1 starts one new pod next to an old one", new IntOrString(0), new IntOrString(1),
                        List.of(true, true, true), List.of(false, false, false), List.of(), List.of("n0")));
    }

    @ParameterizedTest(name = "a rolling update {0}")
    @MethodSource("rollingUpdates")
    void replacesOldPodsNodeByNode(String description, IntOrString maxUnavailable, IntOrString maxSurge, List<Boolean> ready,
                                   List<Boolean> updated, List<String> delete, List<String> createOn) {
        DaemonSet v2 = ds("agent:2", maxUnavailable, maxSurge);
        List<Pod> pods = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pods.add(pod("p" + i, "n" + i, updated.get(i) ? hash(v2) : OLD, ready.get(i)));
        }
        DaemonSetPlan plan = DaemonSetSync.plan(v2, THREE, pods, NOW);
        assertThat(plan.delete()).isEqualTo(delete);
        assertThat(plan.createOn()).isEqualTo(createOn);
    }

    @Test
    void aSurgedPodReplacesTheOldOneOnceAvailable() {
        DaemonSet v2 = ds("agent:2", new IntOrString(0), new IntOrString(1));
        List<Pod> pods = List.of(pod("old", "n0", OLD, true), pod("new", "n0", hash(v2), true));
        DaemonSetPlan plan = DaemonSetSync.plan(v2, List.of(node("n0")), pods, NOW);
        assertThat(plan.delete()).containsExactly("old");
        assertThat(plan.createOn()).isEmpty();
    }

    @Test
    void onDeleteNeverReplacesOldPods() {
        DaemonSet v2 = ds("agent:2", null, null);
        v2.getSpec().getUpdateStrategy().setType("OnDelete");
        v2.getSpec().getUpdateStrategy().setRollingUpdate(null);
        DaemonSetPlan plan = DaemonSetSync.plan(v2, List.of(node("n0")), List.of(pod("old", "n0", OLD, true)), NOW);
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.status().getUpdatedNumberScheduled()).isZero();
    }

    @Test
    void daemonPodsAreBoundThroughNodeAffinityWithDefaultTolerations() {
        Pod pod = DaemonPods.newPod(V1, "n7", OLD);
        assertThat(pod.getSpec().getNodeName()).isNull();
        var terms = pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        assertThat(terms).singleElement().satisfies(t -> {
            assertThat(t.getMatchFields()).singleElement().satisfies(f -> {
                assertThat(f.getKey()).isEqualTo("metadata.name");
                assertThat(f.getOperator()).isEqualTo("In");
                assertThat(f.getValues()).containsExactly("n7");
            });
        });
        assertThat(pod.getSpec().getTolerations()).extracting(t -> t.getKey() + ":" + t.getEffect()).containsExactlyInAnyOrder(
                "node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/unreachable:NoExecute",
                "node.kubernetes.io/disk-pressure:NoSchedule", "node.kubernetes.io/memory-pressure:NoSchedule",
                "node.kubernetes.io/pid-pressure:NoSchedule", "node.kubernetes.io/unschedulable:NoSchedule");
        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("agent-");
        assertThat(pod.getMetadata().getLabels()).containsEntry("controller-revision-hash", OLD)
                .containsEntry("pod-template-generation", "1");
        assertThat(DaemonPods.nodeOf(pod)).isEqualTo("n7");
        assertThat(V1.getSpec().getTemplate().getSpec().getTolerations()).isNullOrEmpty();
    }
}
