package dev.capstan.scheduling.plugins.podtopologyspread;

import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.BAR;
import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.FOO;
import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.node;
import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.pod;
import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.tainted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.ScorePlugin.NodeScore;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
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

/** Score cases with upstream's exact expected scores (podtopologyspread/scoring_test.go, TestPodTopologySpreadScore). */
class PodTopologySpreadScoreTest {

    private static final String SA = SpreadConstraint.SCHEDULE_ANYWAY;
    private static final String HOST = "kubernetes.io/hostname";

    private final PodTopologySpread plugin = new PodTopologySpread();

    static List<Pod> foo(String... nodeAndCount) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < nodeAndCount.length; i += 2) {
            for (int n = 0; n < Integer.parseInt(nodeAndCount[i + 1]); n++) {
                pods.add(pod("p-" + nodeAndCount[i] + n).node(nodeAndCount[i]).label("foo", "").build());
            }
        }
        return pods;
    }

    static Node host(String name) {
        return node(name, HOST, name);
    }

    static Node zoned(String name, String zone) {
        return node(name, "zone", zone, HOST, name);
    }

    static Map<String, Long> want(Object... nodeAndScore) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < nodeAndScore.length; i += 2) {
            map.put((String) nodeAndScore[i], ((Integer) nodeAndScore[i + 1]).longValue());
        }
        return map;
    }

    static Stream<Arguments> cases() {
        Pod onHost = pod("p").label("foo", "").spread(1, HOST, SA, FOO).build();
        Pod zoneAndHostDifferentSelectors = pod("p").label("foo", "").label("bar", "")
                .spread(1, "zone", SA, FOO).spread(1, HOST, SA, BAR).build();
        List<Pod> fourTwoOneThree = foo("node-a", "4", "node-b", "2", "node-x", "1", "node-y", "3");
        List<Pod> mixed = List.of(pod("p-a1").node("node-a").label("foo", "").build(),
                pod("p-b1").node("node-b").label("foo", "").label("bar", "").build(),
                pod("p-y1").node("node-y").label("foo", "").build(), pod("p-y2").node("node-y").label("bar", "").build());
        List<Node> nodeLabelled = List.of(node("node-a", "node", "node-a", "foo", ""), node("node-b", "node", "node-b", "foo", ""),
                node("node-c", "node", "node-c"));
        return Stream.of(
                Arguments.of("one constraint on node, no existing pods", onHost, List.of(host("node-a"), host("node-b")),
                        List.of(), List.of(), want("node-a", 100, "node-b", 100)),
                Arguments.of("one constraint on node, only one node is a candidate", onHost, List.of(host("node-a")),
                        List.of(host("node-b")), foo("node-a", "2", "node-b", "1"), want("node-a", 100)),
                Arguments.of("one constraint on node, all nodes have the same number of matching pods", onHost,
                        List.of(host("node-a"), host("node-b")), List.of(), foo("node-a", "1", "node-b", "1"),
                        want("node-a", 100, "node-b", 100)),
                Arguments.of("one constraint on node, pods spread as 2/1/0/3 over four candidates", onHost,
                        List.of(host("node-a"), host("node-b"), host("node-c"), host("node-d")), List.of(),
                        foo("node-a", "2", "node-b", "1", "node-d", "3"),
                        want("node-a", 20, "node-b", 60, "node-c", 100, "node-d", 0)),
                Arguments.of("one constraint on node with a null selector: every node scores 100",
                        pod("p").label("foo", "").spread(1, HOST, SA, null).build(),
                        List.of(host("node-a"), host("node-b"), host("node-c"), host("node-d")), List.of(),
                        foo("node-a", "2", "node-b", "1", "node-d", "3"),
                        want("node-a", 100, "node-b", 100, "node-c", 100, "node-d", 100)),
                Arguments.of("one constraint on node, 2/1/0/3 with maxSkew 2",
                        pod("p").label("foo", "").spread(2, HOST, SA, FOO).build(),
                        List.of(host("node-a"), host("node-b"), host("node-c"), host("node-d")), List.of(),
                        foo("node-a", "2", "node-b", "1", "node-d", "3"),
                        want("node-a", 33, "node-b", 66, "node-c", 100, "node-d", 16)),
                Arguments.of("one constraint on node, 4/3/2/1 with maxSkew 3",
                        pod("p").label("foo", "").spread(3, HOST, SA, FOO).build(),
                        List.of(host("node-a"), host("node-b"), host("node-c"), host("node-d")), List.of(),
                        foo("node-a", "4", "node-b", "3", "node-c", "2", "node-d", "1"),
                        want("node-a", 44, "node-b", 66, "node-c", 77, "node-d", 100)),
                Arguments.of("one constraint on node, 3 of 4 nodes are candidates (4/2/1/~3~)", onHost,
                        List.of(host("node-a"), host("node-b"), host("node-x")), List.of(host("node-y")), fourTwoOneThree,
                        want("node-a", 33, "node-b", 83, "node-x", 100)),
                Arguments.of("one constraint on node, a candidate lacks the topology key and scores 0", onHost,
                        List.of(host("node-a"), node("node-b", "n", "node-b"), host("node-x")), List.of(host("node-y")),
                        fourTwoOneThree, want("node-a", 16, "node-b", 0, "node-x", 100)),
                Arguments.of("one constraint on zone, 3 of 4 nodes are candidates (4/2/1/~3~)",
                        pod("p").label("foo", "").spread(1, "zone", SA, FOO).build(),
                        List.of(zoned("node-a", "zone1"), zoned("node-b", "zone1"), zoned("node-x", "zone2")),
                        List.of(zoned("node-y", "zone2")), fourTwoOneThree,
                        want("node-a", 75, "node-b", 75, "node-x", 100)),
                Arguments.of("two constraints on zone and node, 2 of 4 nodes are candidates (2/~1~/2/~4~)",
                        pod("p").label("foo", "").spread(1, "zone", SA, FOO).spread(1, HOST, SA, FOO).build(),
                        List.of(zoned("node-a", "zone1"), zoned("node-x", "zone2")),
                        List.of(zoned("node-b", "zone1"), zoned("node-y", "zone2")),
                        foo("node-a", "2", "node-b", "1", "node-x", "2", "node-y", "4"), want("node-a", 100, "node-x", 63)),
                Arguments.of("two constraints on zone and node with different selectors", zoneAndHostDifferentSelectors,
                        List.of(zoned("node-a", "zone1"), zoned("node-b", "zone1"), zoned("node-x", "zone2"), zoned("node-y", "zone2")),
                        List.of(), mixed, want("node-a", 60, "node-b", 20, "node-x", 100, "node-y", 60)),
                Arguments.of("two constraints with different selectors, some nodes have 0 pods", zoneAndHostDifferentSelectors,
                        List.of(zoned("node-a", "zone1"), zoned("node-b", "zone1"), zoned("node-x", "zone2"), zoned("node-y", "zone2")),
                        List.of(), List.of(pod("p-b1").node("node-b").label("bar", "").build(),
                                pod("p-x1").node("node-x").label("foo", "").build(),
                                pod("p-y1").node("node-y").label("foo", "").label("bar", "").build()),
                        want("node-a", 100, "node-b", 60, "node-x", 40, "node-y", 0)),
                Arguments.of("two constraints with different selectors, 3 of 4 nodes are candidates", zoneAndHostDifferentSelectors,
                        List.of(zoned("node-a", "zone1"), zoned("node-b", "zone1"), zoned("node-x", "zone2")),
                        List.of(zoned("node-y", "zone2")), mixed, want("node-a", 50, "node-b", 25, "node-x", 100)),
                Arguments.of("existing pods in a different namespace do not count", onHost,
                        List.of(host("node-a"), host("node-b")), List.of(),
                        List.of(pod("p-a1").namespace("ns1").node("node-a").label("foo", "").build(),
                                pod("p-a2").node("node-a").label("foo", "").build(),
                                pod("p-b1").node("node-b").label("foo", "").build(),
                                pod("p-b2").node("node-b").label("foo", "").build()),
                        want("node-a", 100, "node-b", 33)),
                Arguments.of("terminating pods are not counted", onHost, List.of(host("node-a"), host("node-b")), List.of(),
                        List.of(pod("p-a").node("node-a").label("foo", "").terminating().build(),
                                pod("p-b").node("node-b").label("foo", "").build()),
                        want("node-a", 100, "node-b", 0)),
                Arguments.of("minDomains has no effect on ScheduleAnyway",
                        pod("p").label("foo", "").spread(2, "node", SA, FOO, 10, null, null).build(),
                        List.of(node("node-a", "node", "node-a"), node("node-b", "node", "node-b"), node("node-c", "node", "node-c")),
                        List.of(), foo("node-a", "2", "node-b", "2", "node-c", "1"),
                        want("node-a", 75, "node-b", 75, "node-c", 100)),
                Arguments.of("nodeAffinityPolicy Honor with a nodeSelector leaves node-c's pods out",
                        pod("p").label("foo", "").nodeSelector("foo", "").spread(1, "node", SA, FOO).build(), nodeLabelled,
                        List.of(), foo("node-a", "2", "node-b", "1", "node-c", "1"), want("node-a", 0, "node-b", 33, "node-c", 100)),
                Arguments.of("nodeAffinityPolicy Ignore with a nodeSelector counts node-c's pods",
                        pod("p").label("foo", "").nodeSelector("foo", "").spread(1, "node", SA, FOO, null, "Ignore", null).build(),
                        nodeLabelled, List.of(), foo("node-a", "2", "node-b", "1", "node-c", "1"),
                        want("node-a", 66, "node-b", 100, "node-c", 100)),
                Arguments.of("nodeAffinityPolicy Honor with node affinity leaves node-c's pods out",
                        pod("p").label("foo", "").nodeAffinity("foo", "In", "").spread(1, "node", SA, FOO).build(), nodeLabelled,
                        List.of(), foo("node-a", "2", "node-b", "1", "node-c", "1"), want("node-a", 0, "node-b", 33, "node-c", 100)),
                Arguments.of("nodeTaintsPolicy Honor leaves the tainted node's pods out",
                        pod("p").label("foo", "").spread(1, "node", SA, FOO, null, null, "Honor").build(),
                        List.of(node("node-a", "node", "node-a"), node("node-b", "node", "node-b"), tainted(node("node-c", "node", "node-c"))),
                        List.of(), foo("node-a", "2", "node-b", "1", "node-c", "1"), want("node-a", 0, "node-b", 33, "node-c", 100)),
                Arguments.of("nodeTaintsPolicy Ignore counts the tainted node's pods",
                        pod("p").label("foo", "").spread(1, "node", SA, FOO).build(),
                        List.of(node("node-a", "node", "node-a"), node("node-b", "node", "node-b"), tainted(node("node-c", "node", "node-c"))),
                        List.of(), foo("node-a", "2", "node-b", "1", "node-c", "1"), want("node-a", 66, "node-b", 100, "node-c", 100)),
                Arguments.of("matchLabelKeys ANDed with an empty label selector",
                        pod("p").label("foo", "").label("bar", "")
                                .spread(1, "zone", SA, new LabelSelectorBuilder().build(), null, null, null, "foo")
                                .spread(1, HOST, SA, new LabelSelectorBuilder().build(), null, null, null, "bar").build(),
                        List.of(zoned("node-a", "zone1"), zoned("node-b", "zone1"), zoned("node-c", "zone2"), zoned("node-d", "zone2")),
                        List.of(), List.of(pod("p-a1").node("node-a").label("foo", "").build(),
                                pod("p-b1").node("node-b").label("foo", "").label("bar", "").build(),
                                pod("p-y1").node("node-c").label("foo", "").build(), pod("p-y2").node("node-c").label("bar", "").build()),
                        want("node-a", 60, "node-b", 20, "node-c", 60, "node-d", 100)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scoresNodesAsUpstream(String name, Pod pod, List<Node> feasible, List<Node> failed, List<Pod> existing,
                               Map<String, Long> expected) {
        List<Node> all = new ArrayList<>(feasible);
        all.addAll(failed);
        Snapshot snapshot = TestPod.snapshot(all, existing);
        CycleState state = new CycleState();
        plugin.preFilter(state, pod, snapshot);
        List<NodeInfo> feasibleInfos = feasible.stream().map(n -> snapshot.get(n.getMetadata().getName())).toList();
        assertThat(plugin.preScore(state, pod, feasibleInfos).isSuccess()).isTrue();

        List<NodeScore> scores = new ArrayList<>();
        for (NodeInfo node : feasibleInfos) {
            scores.add(new NodeScore(node.name(), plugin.score(state, pod, node)));
        }
        plugin.normalizeScores(state, pod, scores);

        Map<String, Long> actual = new LinkedHashMap<>();
        scores.forEach(score -> actual.put(score.nodeName(), score.score()));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void preScoreSkipsAPodWithoutSoftConstraints() {
        Snapshot snapshot = TestPod.snapshot(List.of(host("node-a"), host("node-b")), List.of());
        Pod hardOnly = pod("p").label("foo", "").spread(1, HOST, SpreadConstraint.DO_NOT_SCHEDULE, FOO).build();
        CycleState state = new CycleState();
        plugin.preFilter(state, hardOnly, snapshot);

        Status status = plugin.preScore(state, hardOnly, snapshot.nodes());

        assertThat(status.isSkip()).isTrue();
    }
}
