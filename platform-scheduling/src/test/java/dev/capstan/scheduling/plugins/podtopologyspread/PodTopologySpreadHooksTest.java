package dev.capstan.scheduling.plugins.podtopologyspread;

import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.BAR;
import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.FOO;
import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.node;
import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.pod;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PreFilter add/remove hooks preemption uses: after removing (adding) a pod the state must equal a fresh
 * PreFilter over the cluster without (with) that pod (upstream's TestPreFilterStateAddPod/RemovePod).
 */
class PodTopologySpreadHooksTest {

    private static final String DNS = SpreadConstraint.DO_NOT_SCHEDULE;
    private static final String KEY = "PreFilter" + PodTopologySpread.NAME;

    private final PodTopologySpread plugin = new PodTopologySpread();

    static List<Node> nodes() {
        return List.of(node("node-a", "zone", "zone1", "node", "node-a", "foo", ""),
                node("node-b", "zone", "zone1", "node", "node-b", "foo", ""),
                node("node-x", "zone", "zone2", "node", "node-x"), node("node-y", "zone", "zone2", "node", "node-y"));
    }

    static List<Pod> existing() {
        return List.of(pod("p-a1").node("node-a").label("foo", "").build(), pod("p-a2").node("node-a").label("foo", "").build(),
                pod("p-b1").node("node-b").label("foo", "").label("bar", "").build(),
                pod("p-x1").node("node-x").label("foo", "").build(),
                pod("p-y1").node("node-y").label("foo", "").label("bar", "").build(),
                pod("p-y2").node("node-y").label("bar", "").build(),
                pod("p-other").namespace("other").node("node-x").label("foo", "").build(),
                pod("p-dying").node("node-x").label("foo", "").terminating().build());
    }

    static Stream<Arguments> preemptors() {
        return Stream.of(
                Arguments.of("one zone constraint", pod("p").label("foo", "").spread(1, "zone", DNS, FOO).build()),
                Arguments.of("zone and node constraints with different selectors",
                        pod("p").label("foo", "").label("bar", "").spread(1, "zone", DNS, FOO).spread(1, "node", DNS, BAR).build()),
                Arguments.of("a node constraint honoring the pod's nodeSelector",
                        pod("p").label("foo", "").nodeSelector("foo", "").spread(1, "node", DNS, FOO).build()),
                Arguments.of("a node constraint with minDomains",
                        pod("p").label("foo", "").spread(1, "node", DNS, FOO, 5, null, null).build()));
    }

    @ParameterizedTest(name = "removing each pod equals a fresh PreFilter without it: {0}")
    @MethodSource("preemptors")
    void removingAPodEqualsAFreshPreFilterWithoutIt(String name, Pod preemptor) {
        for (Pod victim : existing()) {
            Snapshot full = TestPod.snapshot(nodes(), existing());
            CycleState state = new CycleState();
            plugin.preFilter(state, preemptor, full);
            CycleState simulated = state.copy();

            Status status = plugin.removePod(simulated, preemptor, new PodInfo(victim),
                    full.get(victim.getSpec().getNodeName()));

            assertThat(status.isSuccess()).isTrue();
            List<Pod> rest = new ArrayList<>(existing());
            rest.removeIf(p -> p.getMetadata().getName().equals(victim.getMetadata().getName()));
            assertSameState(simulated, fresh(preemptor, TestPod.snapshot(nodes(), rest)), preemptor, full, victim);
            // The original state is untouched: preemption works on copies.
            assertSameState(state, fresh(preemptor, full), preemptor, full, victim);
        }
    }

    @ParameterizedTest(name = "adding a pod equals a fresh PreFilter with it: {0}")
    @MethodSource("preemptors")
    void addingAPodEqualsAFreshPreFilterWithIt(String name, Pod preemptor) {
        for (Node target : nodes()) {
            Pod nominated = pod("nominated").node(target.getMetadata().getName()).label("foo", "").label("bar", "").build();
            Snapshot before = TestPod.snapshot(nodes(), existing());
            CycleState state = new CycleState();
            plugin.preFilter(state, preemptor, before);

            plugin.addPod(state, preemptor, new PodInfo(nominated), before.get(target.getMetadata().getName()));

            List<Pod> more = new ArrayList<>(existing());
            more.add(nominated);
            assertSameState(state, fresh(preemptor, TestPod.snapshot(nodes(), more)), preemptor, before, nominated);
        }
    }

    @Test
    void theGlobalMinimumStaysExactWhenTheSmallestDomainsGrow() {
        // Upstream's two "critical paths" would miss node-c here once node-a and node-b both grow past it.
        Pod preemptor = pod("p").label("foo", "").spread(1, "node", DNS, FOO).build();
        List<Node> nodes = List.of(node("node-a", "node", "node-a"), node("node-b", "node", "node-b"),
                node("node-c", "node", "node-c"));
        List<Pod> pods = new ArrayList<>(List.of(pod("a1").node("node-a").label("foo", "").build(),
                pod("b1").node("node-b").label("foo", "").build(), pod("b2").node("node-b").label("foo", "").build(),
                pod("c1").node("node-c").label("foo", "").build(), pod("c2").node("node-c").label("foo", "").build()));
        Snapshot snapshot = TestPod.snapshot(nodes, pods);
        CycleState state = new CycleState();
        plugin.preFilter(state, preemptor, snapshot);

        for (String added : List.of("node-a", "node-a", "node-b")) {
            Pod pod = pod("new-" + pods.size()).node(added).label("foo", "").build();
            pods.add(pod);
            plugin.addPod(state, preemptor, new PodInfo(pod), snapshot.get(added));
        }

        PreFilterState simulated = state.read(KEY, PreFilterState.class);
        assertThat(simulated.domains(0)).containsExactlyInAnyOrderEntriesOf(Map.of("node-a", 3, "node-b", 3, "node-c", 2));
        assertThat(simulated.minMatching(0)).isEqualTo(2);
        assertThat(plugin.filter(state, preemptor, snapshot.get("node-c")).isSuccess()).isTrue();
        assertThat(plugin.filter(state, preemptor, snapshot.get("node-a")).code()).isEqualTo(Status.Code.UNSCHEDULABLE);
    }

    @Test
    void hooksWithoutPreFilterStateDoNothing() {
        Snapshot snapshot = TestPod.snapshot(nodes(), existing());
        CycleState state = new CycleState();
        Pod noConstraints = pod("p").build();
        assertThat(plugin.preFilter(state, noConstraints, snapshot).isSkip()).isTrue();

        assertThat(plugin.addPod(state, noConstraints, new PodInfo(existing().get(0)), snapshot.get("node-a")).isSuccess()).isTrue();
        assertThat(plugin.removePod(state, noConstraints, new PodInfo(existing().get(0)), snapshot.get("node-a")).isSuccess())
                .isTrue();
    }

    private CycleState fresh(Pod preemptor, Snapshot snapshot) {
        CycleState state = new CycleState();
        plugin.preFilter(state, preemptor, snapshot);
        return state;
    }

    private void assertSameState(CycleState actual, CycleState expected, Pod preemptor, Snapshot snapshot, Pod changed) {
        PreFilterState got = actual.read(KEY, PreFilterState.class);
        PreFilterState want = expected.read(KEY, PreFilterState.class);
        for (int i = 0; i < want.constraints.size(); i++) {
            assertThat(got.domains(i)).as("domains of constraint %d after changing %s", i, changed.getMetadata().getName())
                    .isEqualTo(want.domains(i));
            assertThat(got.minMatching(i)).as("minimum of constraint %d", i).isEqualTo(want.minMatching(i));
        }
        Map<String, Status.Code> gotFilter = new LinkedHashMap<>();
        Map<String, Status.Code> wantFilter = new LinkedHashMap<>();
        for (Node node : nodes()) {
            String nodeName = node.getMetadata().getName();
            gotFilter.put(nodeName, plugin.filter(actual, preemptor, snapshot.get(nodeName)).code());
            wantFilter.put(nodeName, plugin.filter(expected, preemptor, snapshot.get(nodeName)).code());
        }
        assertThat(gotFilter).isEqualTo(wantFilter);
    }
}
