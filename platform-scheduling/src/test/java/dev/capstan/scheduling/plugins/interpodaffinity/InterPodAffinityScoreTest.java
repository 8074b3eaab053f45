package dev.capstan.scheduling.plugins.interpodaffinity;

import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.doesNotExist;
import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.exists;
import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.in;
import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.inNamespaces;
import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.node;
import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.notIn;
import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.pod;
import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.term;
import static dev.capstan.scheduling.plugins.interpodaffinity.TestPod.withNamespaceSelector;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Score cases from upstream's TestPreferredAffinity (interpodaffinity/scoring_test.go), exact normalized scores. */
class InterPodAffinityScoreTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    // The affinities of upstream's test, as functions adding them to a pod maker.
    static final UnaryOperator<TestPod> STAY_WITH_S1_IN_REGION = p -> p.preferredAffinity(5, term("region", in("security", "S1")));
    static final UnaryOperator<TestPod> STAY_WITH_S2_IN_REGION = p -> p.preferredAffinity(6, term("region", in("security", "S2")));
    static final UnaryOperator<TestPod> AFFINITY3 = p -> p
            .preferredAffinity(8, term("region", notIn("security", "S1"), in("security", "S2")))
            .preferredAffinity(2, term("region", exists("security"), doesNotExist("wrongkey")));
    static final UnaryOperator<TestPod> HARD_AFFINITY = p -> p
            .affinity(term("region", in("security", "S1", "value2")))
            .affinity(term("region", exists("security"), doesNotExist("wrongkey")));
    static final UnaryOperator<TestPod> AWAY_FROM_S1_IN_AZ = p -> p.preferredAntiAffinity(5, term("az", in("security", "S1")));
    static final UnaryOperator<TestPod> AWAY_FROM_S2_IN_AZ = p -> p.preferredAntiAffinity(5, term("az", in("security", "S2")));
    static final UnaryOperator<TestPod> STAY_WITH_S1_AWAY_FROM_S2 = p -> p
            .preferredAffinity(8, term("region", in("security", "S1")))
            .preferredAntiAffinity(5, term("az", in("security", "S2")));

    private static Node china(String name) {
        return node(name, "region", "China");
    }

    private static Node india(String name) {
        return node(name, "region", "India");
    }

    private static Node az(String name, String zone) {
        return node(name, "az", zone);
    }

    private static Pod on(String node, String security) {
        return pod("on-" + node + "-" + SEQUENCE.incrementAndGet()).node(node).label("security", security).build();
    }

    private static Pod on(String node, String security, UnaryOperator<TestPod> affinity) {
        TestPod pod = pod("on-" + node + "-" + SEQUENCE.incrementAndGet()).node(node);
        if (security != null) {
            pod.label("security", security);
        }
        return affinity.apply(pod).build();
    }

    private static Pod incoming(String security, UnaryOperator<TestPod> affinity) {
        return affinity.apply(pod("incoming").label("security", security)).build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("affinity: the node in the region of a matching pod scores high",
                        incoming("S1", STAY_WITH_S1_IN_REGION), List.of(on("node1", "S1"), on("node2", "S2"), on("node3", "S1")),
                        List.of(china("node1"), india("node2"), az("node3", "az1")), List.of(100L, 0L, 0L)),
                Arguments.of("affinity: every node with the same region value scores the same",
                        incoming("S1", STAY_WITH_S1_IN_REGION), List.of(on("node1", "S1")),
                        List.of(china("node1"), node("node2", "region", "China", "az", "az1"), india("node3")),
                        List.of(100L, 100L, 0L)),
                Arguments.of("affinity: the region with more matching pods scores higher",
                        incoming("S1", STAY_WITH_S2_IN_REGION),
                        List.of(on("node1", "S2"), on("node1", "S2"), on("node2", "S2"), on("node3", "S2"), on("node4", "S2"),
                                on("node5", "S2")),
                        List.of(china("node1"), india("node2"), china("node3"), china("node4"), india("node5")),
                        List.of(100L, 0L, 100L, 100L, 0L)),
                Arguments.of("affinity: different operators and weights, including match failures",
                        incoming("S1", AFFINITY3), List.of(on("node1", "S1"), on("node2", "S2"), on("node3", "S1")),
                        List.of(china("node1"), india("node2"), az("node3", "az1")), List.of(20L, 100L, 0L)),
                Arguments.of("affinity symmetry: an existing pod's preferred affinity the incoming pod satisfies",
                        incoming("S2", UnaryOperator.identity()),
                        List.of(on("node1", "S1", STAY_WITH_S1_IN_REGION), on("node2", "S2", STAY_WITH_S2_IN_REGION)),
                        List.of(china("node1"), india("node2"), az("node3", "az1")), List.of(0L, 100L, 0L)),
                Arguments.of("affinity symmetry: existing pods' required affinity counts with hardPodAffinityWeight",
                        incoming("S1", UnaryOperator.identity()),
                        List.of(on("node1", "S1", HARD_AFFINITY), on("node2", "S2", HARD_AFFINITY)),
                        List.of(china("node1"), india("node2"), az("node3", "az1")), List.of(100L, 100L, 0L)),
                Arguments.of("anti-affinity: the node without matching pods scores high", incoming("S1", AWAY_FROM_S1_IN_AZ),
                        List.of(on("node1", "S1"), on("node2", "S2")), List.of(az("node1", "az1"), china("node2")),
                        List.of(0L, 100L)),
                Arguments.of("anti-affinity: a node without the topology key scores high", incoming("S1", AWAY_FROM_S1_IN_AZ),
                        List.of(on("node1", "S1"), on("node2", "S1")), List.of(az("node1", "az1"), china("node2")),
                        List.of(0L, 100L)),
                Arguments.of("anti-affinity: the node with more matching pods scores lower", incoming("S1", AWAY_FROM_S1_IN_AZ),
                        List.of(on("node1", "S1"), on("node1", "S1"), on("node2", "S2")),
                        List.of(az("node1", "az1"), india("node2")), List.of(0L, 100L)),
                Arguments.of("anti-affinity symmetry: an existing pod's preferred anti-affinity lowers its node",
                        incoming("S2", UnaryOperator.identity()),
                        List.of(on("node1", "S1", AWAY_FROM_S2_IN_AZ), on("node2", "S2", AWAY_FROM_S1_IN_AZ)),
                        List.of(az("node1", "az1"), az("node2", "az2")), List.of(0L, 100L)),
                Arguments.of("affinity and anti-affinity together", incoming("S1", STAY_WITH_S1_AWAY_FROM_S2),
                        List.of(on("node1", "S1"), on("node2", "S1")), List.of(china("node1"), az("node2", "az1")),
                        List.of(100L, 0L)),
                Arguments.of("affinity and anti-affinity with pods of the same labels across five nodes",
                        incoming("S1", STAY_WITH_S1_AWAY_FROM_S2),
                        List.of(on("node1", "S1"), on("node1", "S1"), on("node2", "S1"), on("node3", "S1"), on("node3", "S1"),
                                on("node4", "S1"), on("node5", "S1")),
                        List.of(node("node1", "region", "China", "az", "az1"), india("node2"), china("node3"), china("node4"),
                                india("node5")),
                        List.of(100L, 0L, 100L, 100L, 0L)),
                Arguments.of("affinity, anti-affinity and symmetry all together", incoming("S1", STAY_WITH_S1_AWAY_FROM_S2),
                        List.of(on("node1", "S1"), on("node2", "S2"), on("node3", null, STAY_WITH_S1_AWAY_FROM_S2),
                                on("node4", null, AWAY_FROM_S1_IN_AZ)),
                        List.of(china("node1"), az("node2", "az1"), india("node3"), az("node4", "az2")),
                        List.of(100L, 0L, 100L, 0L)),
                Arguments.of("nodes of one region where only some hold pods with affinity score alike",
                        incoming("S1", UnaryOperator.identity()),
                        List.of(on("node1", "S1"), on("node2", null, STAY_WITH_S1_AWAY_FROM_S2)),
                        List.of(china("node1"), china("node2")), List.of(0L, 0L)),
                Arguments.of("a preferred term listing the pod's namespace matches across namespaces",
                        pod("incoming").namespace("subteam1.team1").label("security", "S1").build(),
                        List.of(on("node1", "S1", p -> p.preferredAffinity(5,
                                inNamespaces(term("region", in("security", "S1")), "subteam1.team1")))),
                        List.of(china("node1"), india("node2")), List.of(100L, 0L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scoresNodesAsUpstream(String name, Pod pod, List<Pod> existing, List<Node> nodes, List<Long> expected) {
        assertThat(scores(new InterPodAffinity(), pod, existing, nodes)).isEqualTo(expected);
    }

    @Test
    void preScoreSkipsWhenNoPodRelatesToTheIncomingPod() {
        Snapshot snapshot = TestPod.snapshot(List.of(china("node1"), india("node2")), List.of(on("node1", "S1")));
        CycleState state = new CycleState();
        Pod plain = pod("p").label("security", "S1").build();
        new InterPodAffinity().preFilter(state, plain, snapshot);

        assertThat(new InterPodAffinity().preScore(state, plain, snapshot.nodes()).isSkip()).isTrue();
    }

    @Test
    void aHardPodAffinityWeightOfZeroIgnoresExistingRequiredAffinity() {
        Snapshot snapshot = TestPod.snapshot(List.of(china("node1"), india("node2")),
                List.of(on("node1", "S1", HARD_AFFINITY)));
        InterPodAffinity weightless = new InterPodAffinity(0);
        CycleState state = new CycleState();
        Pod pod = incoming("S1", UnaryOperator.identity());
        weightless.preFilter(state, pod, snapshot);

        assertThat(weightless.preScore(state, pod, snapshot.nodes()).isSkip()).isTrue();
    }

    @Test
    void aNamespaceSelectorWithRequirementsSelectsNoNamespaceWhenScoring() {
        // Upstream would match namespaces labelled team=team1; Capstan does not watch namespaces yet.
        Pod existing = on("node1", "S1", p -> p.preferredAffinity(5, withNamespaceSelector(term("region", in("security", "S1")),
                new LabelSelectorBuilder().addToMatchLabels("team", "team1").build())));
        Pod pod = pod("incoming").namespace("subteam1.team1").label("security", "S1").build();
        Snapshot snapshot = TestPod.snapshot(List.of(china("node1"), india("node2")), List.of(existing));
        CycleState state = new CycleState();
        new InterPodAffinity().preFilter(state, pod, snapshot);

        assertThat(new InterPodAffinity().preScore(state, pod, snapshot.nodes()).isSkip()).isTrue();
    }

    @Test
    void preScoreFailsOnAnInvalidPreferredTerm() {
        Pod pod = pod("p").preferredAffinity(8, term("region", in("security", "{{.bad-value.}}"))).build();
        Snapshot snapshot = TestPod.snapshot(List.of(china("node1"), china("node2")), List.of());
        CycleState state = new CycleState();
        new InterPodAffinity().preFilter(state, pod, snapshot);

        Status status = new InterPodAffinity().preScore(state, pod, snapshot.nodes());

        assertThat(status.code()).isEqualTo(Status.Code.ERROR);
        assertThat(status.message()).contains("Invalid value: \"{{.bad-value.}}\"");
    }

    static List<Long> scores(InterPodAffinity plugin, Pod pod, List<Pod> existing, List<Node> nodes) {
        Snapshot snapshot = TestPod.snapshot(nodes, existing);
        CycleState state = new CycleState();
        plugin.preFilter(state, pod, snapshot);
        Status preScore = plugin.preScore(state, pod, snapshot.nodes());
        assertThat(preScore.isSuccess()).as("PreScore status %s", preScore).isTrue();
        List<NodeScore> scores = new ArrayList<>();
        for (NodeInfo node : snapshot.nodes()) {
            scores.add(new NodeScore(node.name(), plugin.score(state, pod, node)));
        }
        plugin.normalizeScores(state, pod, scores);
        return scores.stream().map(NodeScore::score).toList();
    }
}
