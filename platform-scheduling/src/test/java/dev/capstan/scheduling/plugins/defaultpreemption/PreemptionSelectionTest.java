package dev.capstan.scheduling.plugins.defaultpreemption;

import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.HIGH;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.LARGE;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.LOW;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.MEDIUM;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.MID;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.NEG;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.SMALL;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.VERY_HIGH;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.VERY_LARGE;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.node;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.pdb;
import static dev.capstan.scheduling.plugins.defaultpreemption.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.Snapshot;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure selection logic: victims per node (dry run) and the choice among candidates, after upstream's tests. */
class PreemptionSelectionTest {

    private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");

    /** Nodes of upstream's dry-run tests: 500m CPU and 500 bytes of memory each. */
    private static List<Node> nodes(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> node("node" + i, VERY_LARGE)).toList();
    }

    private static CandidateFinder.Outcome dryRun(List<?> plugins, List<Node> nodes, List<Pod> pods,
            List<PodDisruptionBudget> pdbs, Pod preemptor, int percentage, int absolute, int offset) {
        Snapshot snapshot = Fixtures.snapshot(nodes, pods);
        FakeHandle handle = new FakeHandle(snapshot, plugins, pdbs);
        CycleState state = handle.preFilter(preemptor);
        int numCandidates = CandidateFinder.numCandidates(snapshot.size(), percentage, absolute);
        return CandidateFinder.find(handle, state, preemptor, snapshot.nodes(), pdbs, offset, numCandidates, NOW);
    }

    /** "node1 [p1, p2]" with " violating 1" when the candidate violates PDBs; victims by name. */
    private static String describe(Candidate candidate) {
        List<String> names = new ArrayList<>(candidate.victims().stream()
                .map(v -> v.pod().getMetadata().getName()).toList());
        names.sort(null);
        return candidate.nodeName() + " " + names
                + (candidate.pdbViolations() > 0 ? " violating " + candidate.pdbViolations() : "");
    }

    private static List<String> describeSorted(List<Candidate> candidates) {
        return candidates.stream().map(PreemptionSelectionTest::describe).sorted().toList();
    }

    static Stream<Arguments> dryRunCases() {
        PodDisruptionBudget fooAllowsOne = pdb("app", "foo", 1);
        return Stream.of(
                arguments("a pod that fits on both nodes when lower priority pods are preempted",
                        pod("p").priority(HIGH).req(LARGE, LARGE).obj(), List.of(
                                pod("p1").node("node1").priority(MID).req(LARGE, LARGE).obj(),
                                pod("p2").node("node2").priority(MID).req(LARGE, LARGE).obj()),
                        List.of(), List.of("node1 [p1]", "node2 [p2]")),
                arguments("a pod that would fit but other pods running are higher priority finds no candidate",
                        pod("p").priority(LOW).req(LARGE, LARGE).obj(), List.of(
                                pod("p1").node("node1").priority(MID).req(LARGE, LARGE).obj(),
                                pod("p2").node("node2").priority(MID).req(LARGE, LARGE).obj()),
                        List.of(), List.of()),
                arguments("a medium priority pod is preempted but a small lower priority one stays",
                        pod("p").priority(HIGH).req(LARGE, LARGE).obj(), List.of(
                                pod("p1.1").node("node1").priority(LOW).req(SMALL, SMALL).obj(),
                                pod("p1.2").node("node1").priority(MID).req(LARGE, LARGE).obj(),
                                pod("p2").node("node2").priority(MID).req(LARGE, LARGE).obj()),
                        List.of(), List.of("node1 [p1.2]", "node2 [p2]")),
                arguments("mixed priority pods are preempted and higher priority pods are reprieved",
                        pod("p").priority(HIGH).req(LARGE, LARGE).obj(), List.of(
                                pod("p1.1").node("node1").priority(MID).req(SMALL, SMALL).obj(),
                                pod("p1.2").node("node1").priority(LOW).req(SMALL, SMALL).obj(),
                                pod("p1.3").node("node1").priority(MID).req(MEDIUM, MEDIUM).obj(),
                                pod("p1.4").node("node1").priority(HIGH).req(SMALL, SMALL).obj(),
                                pod("p2").node("node2").priority(HIGH).req(LARGE, LARGE).obj()),
                        List.of(), List.of("node1 [p1.2, p1.3]")),
                arguments("among equal priorities the pod that started later is preempted",
                        pod("p").priority(HIGH).req(LARGE, LARGE).obj(), List.of(
                                pod("p1.1").node("node1").priority(LOW).req(SMALL, SMALL).startTime(5).obj(),
                                pod("p1.2").node("node1").priority(LOW).req(SMALL, SMALL).startTime(4).obj(),
                                pod("p1.3").node("node1").priority(MID).req(MEDIUM, MEDIUM).startTime(3).obj(),
                                pod("p1.4").node("node1").priority(HIGH).req(SMALL, SMALL).startTime(2).obj(),
                                pod("p2").node("node2").priority(HIGH).req(LARGE, LARGE).startTime(1).obj()),
                        List.of(), List.of("node1 [p1.1, p1.3]")),
                arguments("evicting two pods of the same PDB that allows one counts one violation",
                        pod("p").priority(HIGH).req(VERY_LARGE, VERY_LARGE).obj(), List.of(
                                pod("p1.1").node("node1").label("app", "foo").priority(MID).req(MEDIUM, MEDIUM).obj(),
                                pod("p1.2").node("node1").label("app", "foo").priority(MID).req(MEDIUM, MEDIUM).obj()),
                        List.of(fooAllowsOne), List.of("node1 [p1.1, p1.2] violating 1")),
                arguments("a disrupted pod of another name does not change the PDB count",
                        pod("p").priority(HIGH).req(VERY_LARGE, VERY_LARGE).obj(), List.of(
                                pod("p1.1").node("node1").label("app", "foo").priority(MID).req(MEDIUM, MEDIUM).obj(),
                                pod("p1.2").node("node1").label("app", "foo").priority(MID).req(MEDIUM, MEDIUM).obj()),
                        List.of(pdb("app", "foo", 1, "p2")), List.of("node1 [p1.1, p1.2] violating 1")),
                arguments("a victim already in the PDB's disrupted pods is not charged again",
                        pod("p").priority(HIGH).req(VERY_LARGE, VERY_LARGE).obj(), List.of(
                                pod("p1.1").node("node1").label("app", "foo").priority(MID).req(MEDIUM, MEDIUM).obj(),
                                pod("p1.2").node("node1").label("app", "foo").priority(MID).req(MEDIUM, MEDIUM).obj()),
                        List.of(pdb("app", "foo", 1, "p1.2")), List.of("node1 [p1.1, p1.2]")),
                arguments("a PDB of another namespace does not protect the victims",
                        pod("p").priority(HIGH).req(VERY_LARGE, VERY_LARGE).obj(), List.of(
                                pod("p1.1").node("node1").namespace("other").label("app", "foo").priority(MID)
                                        .req(MEDIUM, MEDIUM).obj(),
                                pod("p1.2").node("node1").namespace("other").label("app", "foo").priority(MID)
                                        .req(MEDIUM, MEDIUM).obj()),
                        List.of(pdb("app", "foo", 0)), List.of("node1 [p1.1, p1.2]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dryRunCases")
    void dryRunFindsTheMinimalVictimsOnEachNode(String name, Pod preemptor, List<Pod> pods,
            List<PodDisruptionBudget> pdbs, List<String> expected) {
        CandidateFinder.Outcome outcome = dryRun(List.of(new TestResourceFit()), nodes(2), pods, pdbs, preemptor,
                10, 100, 0);

        assertThat(describeSorted(outcome.candidates())).isEqualTo(expected);
        assertThat(outcome.errors()).isEmpty();
    }

    @Test
    void nodesWithoutLowerPriorityPodsReportThatNoVictimsWereFound() {
        Pod preemptor = pod("p").priority(LOW).req(LARGE, LARGE).obj();
        List<Pod> pods = List.of(pod("p1").node("node1").priority(MID).req(LARGE, LARGE).obj());

        CandidateFinder.Outcome outcome = dryRun(List.of(new TestResourceFit()), nodes(1), pods, List.of(),
                preemptor, 10, 100, 0);

        assertThat(outcome.candidates()).isEmpty();
        assertThat(outcome.nodeStatuses().get("node1").reasons())
                .containsExactly("No preemption victims found for incoming pod");
    }

    static Stream<Arguments> candidateLimitCases() {
        List<Pod> allMid = IntStream.rangeClosed(1, 5).mapToObj(i -> pod("p" + i).node("node" + i)
                .priority(MID).req(LARGE, LARGE).obj()).toList();
        List<Pod> someVeryHigh = IntStream.rangeClosed(1, 5).mapToObj(i -> pod("p" + i).node("node" + i)
                .priority(i == 2 || i == 5 ? VERY_HIGH : MID).req(LARGE, LARGE).obj()).toList();
        List<Pod> someProtected = IntStream.rangeClosed(1, 5).mapToObj(i -> {
            PodMaker maker = pod("p" + i).node("node" + i).priority(MID).req(LARGE, LARGE);
            return (i == 3 || i == 4 ? maker : maker.label("app", "foo")).obj();
        }).toList();
        return Stream.of(
                arguments("all nodes are possible candidates but 40% limits the search to two", allMid, 1,
                        List.of(), List.of("node1 [p1]", "node5 [p5]"), 4),
                arguments("nodes that are no candidates do not count towards the limit", someVeryHigh, 1,
                        List.of(), List.of("node1 [p1]", "node3 [p3]"), 4),
                arguments("the search looks past the limit until a node violates no PDB", someProtected, 2,
                        List.of(pdb("app", "foo", 0)),
                        List.of("node1 [p1] violating 1", "node3 [p3]", "node5 [p5] violating 1"), 8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("candidateLimitCases")
    void dryRunStopsAfterEnoughCandidatesFromTheOffset(String name, List<Pod> pods, int absolute,
            List<PodDisruptionBudget> pdbs, List<String> expected, int expectedFilterRuns) {
        Snapshot snapshot = Fixtures.snapshot(nodes(5), pods);
        FakeHandle handle = new FakeHandle(snapshot, List.of(new TestResourceFit()), pdbs);
        Pod preemptor = pod("p").priority(HIGH).req(LARGE, LARGE).obj();
        int numCandidates = CandidateFinder.numCandidates(5, 40, absolute);

        // Offset 4 starts at node5 and wraps around to node1, as upstream's seeded test.
        CandidateFinder.Outcome outcome = CandidateFinder.find(handle, handle.preFilter(preemptor), preemptor,
                snapshot.nodes(), pdbs, 4, numCandidates, NOW);

        assertThat(describeSorted(outcome.candidates())).isEqualTo(expected);
        assertThat(handle.filterRuns.get()).isEqualTo(expectedFilterRuns);
    }

    @Test
    void theNumberOfCandidatesIsAPercentageOfTheNodesWithinTheBounds() {
        assertThat(CandidateFinder.numCandidates(5000, 10, 100)).isEqualTo(500);
        assertThat(CandidateFinder.numCandidates(500, 10, 100)).isEqualTo(100);
        assertThat(CandidateFinder.numCandidates(50, 10, 100)).isEqualTo(50);
        assertThat(CandidateFinder.numCandidates(5, 40, 1)).isEqualTo(2);
    }

    @Test
    void oneNodesSimulationDoesNotLeakIntoAnothersCycleState() {
        // Two quota pods in the cluster, the quota is one: removing a single victim never suffices. If node1's
        // removal leaked into node2's state, node2 would wrongly look like a candidate.
        List<Pod> pods = List.of(pod("a").node("node1").label("quota", "").priority(LOW).obj(),
                pod("b").node("node2").label("quota", "").priority(LOW).obj());

        CandidateFinder.Outcome outcome = dryRun(List.of(new LabelQuota(1)), nodes(2), pods, List.of(),
                pod("p").priority(HIGH).obj(), 10, 100, 0);

        assertThat(outcome.candidates()).isEmpty();
        assertThat(outcome.nodeStatuses().values()).allSatisfy(
                status -> assertThat(status.reasons()).containsExactly(LabelQuota.REASON));
    }

    @Test
    void aNodeWhereThePodFitsWithoutEvictionIsAnError() {
        List<Pod> pods = List.of(pod("p1").node("node1").priority(MID).obj());

        CandidateFinder.Outcome outcome = dryRun(List.of(), nodes(1), pods, List.of(),
                pod("p").priority(HIGH).obj(), 10, 100, 0);

        assertThat(outcome.candidates()).isEmpty();
        assertThat(outcome.errors()).containsExactly("expected at least one victim pod on node \"node1\"");
    }

    static Stream<Arguments> pickCases() {
        return Stream.of(
                arguments("equal nodes: either is picked", HIGH, LARGE, List.of(
                        pod("p1").node("node1").priority(MID).req(LARGE, LARGE).startTime(0).obj(),
                        pod("p2").node("node2").priority(MID).req(LARGE, LARGE).startTime(0).obj()),
                        List.of("node1", "node2")),
                arguments("the node with the lowest highest-priority victim is picked", HIGH, VERY_LARGE, List.of(
                        pod("p1.1").node("node1").priority(MID).req(MEDIUM, MEDIUM).obj(),
                        pod("p1.2").node("node1").priority(MID).req(LARGE, LARGE).obj(),
                        pod("p2.1").node("node2").priority(MID).req(MEDIUM, MEDIUM).obj(),
                        pod("p2.2").node("node2").priority(LOW).req(MEDIUM, MEDIUM).obj(),
                        pod("p3.1").node("node3").priority(LOW).req(MEDIUM, MEDIUM).obj(),
                        pod("p3.2").node("node3").priority(LOW).req(MEDIUM, MEDIUM).obj()),
                        List.of("node3")),
                arguments("with equal highest priorities the smallest sum of priorities is picked", HIGH, VERY_LARGE,
                        List.of(pod("p1.1").node("node1").priority(MID).req(MEDIUM, MEDIUM).obj(),
                                pod("p1.2").node("node1").priority(MID).req(LARGE, LARGE).obj(),
                                pod("p2.1").node("node2").priority(MID).req(LARGE, LARGE).obj(),
                                pod("p2.2").node("node2").priority(LOW).req(MEDIUM, MEDIUM).obj(),
                                pod("p3.1").node("node3").priority(MID).req(MEDIUM, MEDIUM).obj(),
                                pod("p3.2").node("node3").priority(MID).req(MEDIUM, MEDIUM).obj()),
                        List.of("node2")),
                arguments("the sum shifts priorities so many negative victims do not look cheap", HIGH, VERY_LARGE,
                        List.of(pod("p1.1").node("node1").priority(MID).req(SMALL, SMALL).obj(),
                                pod("p1.2").node("node1").priority(NEG).req(SMALL, SMALL).obj(),
                                pod("p1.3").node("node1").priority(NEG).req(SMALL, SMALL).obj(),
                                pod("p2.1").node("node2").priority(MID).req(LARGE, LARGE).obj(),
                                pod("p2.2").node("node2").priority(NEG).req(MEDIUM, MEDIUM).obj(),
                                pod("p3.1").node("node3").priority(MID).req(MEDIUM, MEDIUM).obj(),
                                pod("p3.2").node("node3").priority(NEG).req(SMALL, SMALL).obj(),
                                pod("p3.3").node("node3").priority(LOW).req(SMALL, SMALL).obj()),
                        List.of("node2")),
                arguments("the node with the lowest highest priority wins over fewer victims", VERY_HIGH, VERY_LARGE,
                        List.of(pod("p1.1").node("node1").priority(MID).req(SMALL, SMALL).obj(),
                                pod("p1.2").node("node1").priority(LOW).req(SMALL, SMALL).obj(),
                                pod("p1.3").node("node1").priority(LOW).req(SMALL, SMALL).obj(),
                                pod("p2.1").node("node2").priority(HIGH).req(LARGE, LARGE).obj(),
                                pod("p3.1").node("node3").priority(MID).req(MEDIUM, MEDIUM).obj(),
                                pod("p3.2").node("node3").priority(LOW).req(SMALL, SMALL).obj(),
                                pod("p3.3").node("node3").priority(LOW).req(SMALL, SMALL).obj(),
                                pod("p3.4").node("node3").priority(LOW).req(MEDIUM, MEDIUM).obj(),
                                pod("p4.1").node("node4").priority(MID).req(MEDIUM, MEDIUM).obj(),
                                pod("p4.2").node("node4").priority(MID).req(SMALL, SMALL).obj(),
                                pod("p4.3").node("node4").priority(MID).req(SMALL, SMALL).obj(),
                                pod("p4.4").node("node4").priority(NEG).req(SMALL, SMALL).obj()),
                        List.of("node1")),
                arguments("with everything else equal the victims that started latest are picked", HIGH, VERY_LARGE,
                        List.of(pod("p1.1").node("node1").priority(MID).req(MEDIUM, MEDIUM).startTime(2).obj(),
                                pod("p1.2").node("node1").priority(MID).req(MEDIUM, MEDIUM).startTime(2).obj(),
                                pod("p2.1").node("node2").priority(MID).req(MEDIUM, MEDIUM).startTime(3).obj(),
                                pod("p2.2").node("node2").priority(MID).req(MEDIUM, MEDIUM).startTime(3).obj(),
                                pod("p3.1").node("node3").priority(MID).req(MEDIUM, MEDIUM).startTime(1).obj(),
                                pod("p3.2").node("node3").priority(MID).req(MEDIUM, MEDIUM).startTime(1).obj()),
                        List.of("node2")),
                arguments("the earliest start on a node decides when start times differ", HIGH, VERY_LARGE,
                        List.of(pod("p1.1").node("node1").priority(MID).req(MEDIUM, MEDIUM).startTime(4).obj(),
                                pod("p1.2").node("node1").priority(MID).req(MEDIUM, MEDIUM).startTime(2).obj(),
                                pod("p2.1").node("node2").priority(MID).req(MEDIUM, MEDIUM).startTime(5).obj(),
                                pod("p2.2").node("node2").priority(MID).req(MEDIUM, MEDIUM).startTime(1).obj(),
                                pod("p3.1").node("node3").priority(MID).req(MEDIUM, MEDIUM).startTime(3).obj(),
                                pod("p3.2").node("node3").priority(MID).req(MEDIUM, MEDIUM).startTime(6).obj()),
                        List.of("node3")),
                arguments("only the start times of the highest-priority victims count", HIGH, VERY_LARGE,
                        List.of(pod("p1.1").node("node1").priority(LOW).req(MEDIUM, MEDIUM).startTime(4).obj(),
                                pod("p1.2").node("node1").priority(MID).req(MEDIUM, MEDIUM).startTime(2).obj(),
                                pod("p2.1").node("node2").priority(MID).req(MEDIUM, MEDIUM).startTime(6).obj(),
                                pod("p2.2").node("node2").priority(LOW).req(MEDIUM, MEDIUM).startTime(1).obj(),
                                pod("p3.1").node("node3").priority(LOW).req(MEDIUM, MEDIUM).startTime(3).obj(),
                                pod("p3.2").node("node3").priority(MID).req(MEDIUM, MEDIUM).startTime(5).obj()),
                        List.of("node2")),
                arguments("a node whose victims violate no PDB wins over lower-priority protected victims", HIGH,
                        LARGE, List.of(
                                pod("p1").node("node1").label("app", "foo").priority(LOW).req(LARGE, LARGE).obj(),
                                pod("p2").node("node2").priority(MID).req(LARGE, LARGE).obj()),
                        List.of("node2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pickCases")
    void picksTheCandidateAsUpstreamDoes(String name, int priority, int request, List<Pod> pods,
            List<String> expected) {
        int nodeCount = (int) pods.stream().map(p -> p.getSpec().getNodeName()).distinct().count();
        Pod preemptor = pod("p").priority(priority).req(request, request).obj();

        CandidateFinder.Outcome outcome = dryRun(List.of(new TestResourceFit()), nodes(nodeCount), pods,
                List.of(pdb("app", "foo", 0)), preemptor, 10, 100, 0);
        Candidate picked = CandidatePicker.pick(outcome.candidates(), NOW);

        assertThat(outcome.candidates()).hasSize(nodeCount);
        assertThat(picked.nodeName()).isIn(expected);
    }

    @Test
    void aCompleteTieGoesToTheFirstCandidate() {
        PodInfo a = new PodInfo(pod("a").priority(MID).startTime(1).obj());
        PodInfo b = new PodInfo(pod("b").priority(MID).startTime(1).obj());

        Candidate picked = CandidatePicker.pick(List.of(new Candidate("node2", List.of(a), 0),
                new Candidate("node1", List.of(b), 0)), NOW);

        assertThat(picked.nodeName()).isEqualTo("node2");
        assertThat(CandidatePicker.pick(List.of(), NOW)).isNull();
    }
}
