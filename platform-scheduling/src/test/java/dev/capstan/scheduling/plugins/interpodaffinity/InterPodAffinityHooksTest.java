package dev.capstan.scheduling.plugins.interpodaffinity;

import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.exists;
import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.in;
import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.node;
import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.pod;
import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.term;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PreFilter add/remove hooks preemption uses (upstream's TestPreFilterStateAddRemovePod): after removing
 * (adding) a pod the state must equal a fresh PreFilter over the cluster without (with) that pod.
 */
class InterPodAffinityHooksTest {

    private static final String KEY = "PreFilter" + InterPodAffinity.NAME;

    private final InterPodAffinity plugin = new InterPodAffinity();

    static List<Node> nodes() {
        return List.of(node("nodeA", "region", "r1", "zone", "z11", "hostname", "nodeA"),
                node("nodeB", "region", "r1", "zone", "z12", "hostname", "nodeB"),
                node("nodeC", "region", "r2", "zone", "z21", "hostname", "nodeC"));
    }

    static List<Pod> existing() {
        return List.of(pod("a1").node("nodeA").label("foo", "bar").build(),
                pod("a2").node("nodeA").label("foo", "bar").label("bar", "").build(),
                pod("b1").node("nodeB").label("bar", "").antiAffinity(term("region", in("service", "web"))).build(),
                pod("c1").node("nodeC").label("foo", "bar").antiAffinity(term("zone", exists("service"))).build(),
                pod("c2").node("nodeC").namespace("other").label("foo", "bar").build());
    }

    static Stream<Arguments> preemptors() {
        return Stream.of(
                Arguments.of("required affinity and anti-affinity",
                        pod("p").label("service", "web").affinity(term("region", in("foo", "bar")))
                                .antiAffinity(term("zone", exists("bar"))).build()),
                Arguments.of("no terms of its own, only existing pods' anti-affinity",
                        pod("p").label("service", "web").build()),
                Arguments.of("hostname anti-affinity against its own kind",
                        pod("p").label("foo", "bar").antiAffinity(term("hostname", in("foo", "bar"))).build()));
    }

    @ParameterizedTest(name = "removing each pod equals a fresh PreFilter without it: {0}")
    @MethodSource("preemptors")
    void removingAPodEqualsAFreshPreFilterWithoutIt(String name, Pod preemptor) {
        for (Pod victim : existing()) {
            Snapshot full = TestPod.snapshot(nodes(), existing());
            CycleState state = new CycleState();
            plugin.preFilter(state, preemptor, full);
            CycleState simulated = state.copy();

            Status status = plugin.removePod(simulated, preemptor, new PodInfo(victim), full.get(victim.getSpec().getNodeName()));

            assertThat(status.isSuccess()).isTrue();
            List<Pod> rest = new ArrayList<>(existing());
            rest.removeIf(p -> p.getMetadata().getName().equals(victim.getMetadata().getName()));
            assertSameState(simulated, TestPod.snapshot(nodes(), rest), preemptor, full, victim);
            assertSameState(state, full, preemptor, full, victim);
        }
    }

    @ParameterizedTest(name = "adding a pod equals a fresh PreFilter with it: {0}")
    @MethodSource("preemptors")
    void addingAPodEqualsAFreshPreFilterWithIt(String name, Pod preemptor) {
        List<Pod> nominated = List.of(pod("n1").node("nodeB").label("foo", "bar").build(),
                pod("n2").node("nodeC").label("bar", "").antiAffinity(term("region", exists("service"))).build());
        for (Pod added : nominated) {
            Snapshot before = TestPod.snapshot(nodes(), existing());
            CycleState state = new CycleState();
            plugin.preFilter(state, preemptor, before);
            if (state.read(KEY, PreFilterState.class) == null) {
                continue; // PreFilter skipped: the framework never runs this plugin's Filter in the cycle
            }

            plugin.addPod(state, preemptor, new PodInfo(added), before.get(added.getSpec().getNodeName()));

            List<Pod> more = new ArrayList<>(existing());
            more.add(added);
            assertSameState(state, TestPod.snapshot(nodes(), more), preemptor, before, added);
        }
    }

    private void assertSameState(CycleState actual, Snapshot expectedCluster, Pod preemptor, Snapshot nodesOf, Pod changed) {
        CycleState expected = new CycleState();
        boolean skipped = plugin.preFilter(expected, preemptor, expectedCluster).isSkip();
        PreFilterState got = actual.read(KEY, PreFilterState.class);
        PreFilterState want = expected.read(KEY, PreFilterState.class);
        String what = "after changing " + changed.getMetadata().getName();
        if (skipped) {
            // A fresh PreFilter would skip: the simulated state must reject nothing either.
            assertThat(got.existingAntiAffinity.isEmpty()).as(what).isTrue();
            assertThat(got.terms().hasRequired()).as(what).isFalse();
            return;
        }
        assertThat(got.existingAntiAffinity.asMap()).as("existing anti-affinity " + what).isEqualTo(want.existingAntiAffinity.asMap());
        assertThat(got.affinity.asMap()).as("affinity " + what).isEqualTo(want.affinity.asMap());
        assertThat(got.antiAffinity.asMap()).as("anti-affinity " + what).isEqualTo(want.antiAffinity.asMap());
        Map<String, String> gotFilter = new LinkedHashMap<>();
        Map<String, String> wantFilter = new LinkedHashMap<>();
        for (Node node : nodes()) {
            String nodeName = node.getMetadata().getName();
            gotFilter.put(nodeName, plugin.filter(actual, preemptor, nodesOf.get(nodeName)).message());
            wantFilter.put(nodeName, plugin.filter(expected, preemptor, nodesOf.get(nodeName)).message());
        }
        assertThat(gotFilter).as("filter results " + what).isEqualTo(wantFilter);
    }
}
