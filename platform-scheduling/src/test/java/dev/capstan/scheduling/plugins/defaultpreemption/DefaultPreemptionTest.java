package dev.capstan.scheduling.plugins.defaultpreemption;

import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.HIGH;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.LARGE;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.LOW;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.MEDIUM;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.MID;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.SMALL;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.VERY_HIGH;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.VERY_LARGE;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.node;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.onePodNode;
import static dev.capstan.scheduling.plugins.defaultpreemption.Fixtures.pdb;
import static dev.capstan.scheduling.plugins.defaultpreemption.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.PostFilterPlugin.PostFilterResult;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The PostFilter end to end over a fake framework, after upstream's TestPostFilter and TestPreempt. */
class DefaultPreemptionTest {

    /** What the evictor was asked to do: the node and the victims' names. */
    private final List<String> evictions = new ArrayList<>();

    private DefaultPreemption plugin(Status evictionResult) {
        return new DefaultPreemption(10, 100, n -> 0, (handle, preemptor, node, victims) -> {
            evictions.add(node + " " + victims.stream().map(v -> v.getMetadata().getName()).sorted().toList());
            return evictionResult;
        });
    }

    private PostFilterResult run(Pod preemptor, List<Node> nodes, List<Pod> pods, List<PodDisruptionBudget> pdbs,
            Map<String, Status> statusOverrides) {
        FakeHandle handle = new FakeHandle(Fixtures.snapshot(nodes, pods),
                List.of(new TestResourceFit(), new FailingHooks()), pdbs);
        CycleState state = handle.preFilter(preemptor);
        Map<String, Status> statuses = statusOverrides != null ? statusOverrides : handle.filterAll(state, preemptor);
        return plugin(Status.success()).postFilter(state, preemptor, statuses, handle);
    }

    private static Map<String, Status> statuses(Object... nameAndStatus) {
        Map<String, Status> statuses = new LinkedHashMap<>();
        for (int i = 0; i < nameAndStatus.length; i += 2) {
            statuses.put((String) nameAndStatus[i], (Status) nameAndStatus[i + 1]);
        }
        return statuses;
    }

    static Stream<Arguments> postFilterCases() {
        Node cpu200a = node("node1", "200m", "400", "32", Map.of());
        Node cpu200b = node("node2", "200m", "400", "32", Map.of());
        return Stream.of(
                arguments("a pod with higher priority can be made schedulable",
                        pod("p").priority(HIGH).obj(), List.of(onePodNode("node1")),
                        List.of(pod("p1").node("node1").obj()), List.of(), null,
                        "node1", null, List.of("node1 [p1]")),
                arguments("a pod with tied priority is still unschedulable",
                        pod("p").obj(), List.of(onePodNode("node1")),
                        List.of(pod("p1").node("node1").obj()), List.of(), null, null,
                        "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
                        List.of()),
                arguments("nodes rejected as unresolvable are not tried",
                        pod("p").priority(HIGH).obj(), List.of(onePodNode("node1")),
                        List.of(pod("p1").node("node1").obj()), List.of(),
                        statuses("node1", Status.unresolvable("node(s) didn't match Pod's node affinity/selector")),
                        null, "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
                        List.of()),
                arguments("nodes without a status are not tried",
                        pod("p").priority(HIGH).obj(), List.of(onePodNode("node1")),
                        List.of(pod("p1").node("node1").obj()), List.of(), statuses(), null,
                        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
                        List.of()),
                arguments("a pod can be made schedulable on the one node with lower-priority pods",
                        pod("p").priority(MID).obj(), List.of(onePodNode("node1"), onePodNode("node2")),
                        List.of(pod("p1").node("node1").priority(HIGH).obj(),
                                pod("p2").node("node2").priority(LOW).obj()), List.of(), null,
                        "node2", null, List.of("node2 [p2]")),
                arguments("with PDB violations on both nodes the lower highest-priority victim decides",
                        pod("p").priority(VERY_HIGH).obj(), List.of(onePodNode("node1"), onePodNode("node2")),
                        List.of(pod("p1").node("node1").label("pdb", "loose").priority(HIGH).obj(),
                                pod("p2").node("node1").label("pdb", "strict").priority(LOW).obj(),
                                pod("p3").node("node2").label("pdb", "strict").priority(MID).obj()),
                        List.of(pdb("pdb", "strict", 0), pdb("pdb", "loose", Integer.MAX_VALUE)), null,
                        "node2", null, List.of("node2 [p3]")),
                arguments("no candidate when removing the lower-priority pods leaves too little cpu",
                        pod("p").priority(HIGH).req(LARGE, LARGE).obj(), List.of(cpu200a, cpu200b),
                        List.of(pod("p1").node("node1").obj(), pod("p2").node("node2").obj()), List.of(), null,
                        null, "preemption: 0/2 nodes are available: 2 Insufficient cpu.", List.of()),
                arguments("no candidate with mixed reasons: no lower-priority pods, too little cpu",
                        pod("p").priority(HIGH).req(LARGE, LARGE).obj(),
                        List.of(onePodNode("node1"), cpu200b, onePodNode("node3")),
                        List.of(pod("p1").node("node1").priority(HIGH).obj(), pod("p2").node("node2").obj(),
                                pod("p3").node("node3").priority(HIGH).obj()), List.of(), null, null,
                        "preemption: 0/3 nodes are available: 1 Insufficient cpu, "
                                + "2 No preemption victims found for incoming pod.", List.of()),
                arguments("no candidate with mixed reasons: unresolvable nodes and too little cpu",
                        pod("p").priority(HIGH).req(LARGE, LARGE).obj(),
                        List.of(cpu200a, cpu200b, node("node3", "200m", "400", "32", Map.of()),
                                node("node4", "200m", "400", "32", Map.of())),
                        List.of(pod("p1").node("node1").obj(), pod("p2").node("node2").obj()), List.of(),
                        statuses("node1", Status.unschedulable("Insufficient cpu"),
                                "node2", Status.unschedulable("Insufficient cpu"),
                                "node4", Status.unresolvable("node(s) had untolerated taint {a: b}")),
                        null, "preemption: 0/4 nodes are available: 2 Insufficient cpu, "
                                + "2 Preemption is not helpful for scheduling.", List.of()),
                arguments("a node whose prefilter hooks fail is skipped while another node is a candidate",
                        pod("p").priority(HIGH).req(LARGE, LARGE).obj(),
                        List.of(node("node1", "300m", "300", "32", Map.of("error", "true")),
                                node("node2", "300m", "300", "32", Map.of())),
                        List.of(pod("p1").node("node1").obj(),
                                pod("p2").node("node2").req(MEDIUM, MEDIUM).obj()), List.of(),
                        statuses("node1", Status.unschedulable(), "node2", Status.unschedulable()),
                        "node2", null, List.of("node2 [p2]")),
                arguments("the basic preemption picks the node with the lowest priority victims",
                        pod("p").priority(HIGH).req(VERY_LARGE, VERY_LARGE).obj(),
                        List.of(node("node1", VERY_LARGE), node("node2", VERY_LARGE), node("node3", VERY_LARGE)),
                        List.of(pod("p1.1").node("node1").priority(LOW).req(SMALL, SMALL).obj(),
                                pod("p1.2").node("node1").priority(LOW).req(SMALL, SMALL).obj(),
                                pod("p2.1").node("node2").priority(HIGH).req(LARGE, LARGE).obj(),
                                pod("p3.1").node("node3").priority(MID).req(MEDIUM, MEDIUM).obj()), List.of(), null,
                        "node1", null, List.of("node1 [p1.1, p1.2]")),
                arguments("pods whose eviction violates a PDB are spared where possible",
                        pod("p").priority(HIGH).req(LARGE, LARGE).obj(),
                        List.of(node("node1", VERY_LARGE), node("node2", VERY_LARGE)),
                        List.of(pod("p1").node("node1").label("app", "db").priority(LOW).req(LARGE, LARGE).obj(),
                                pod("p2").node("node2").priority(MID).req(LARGE, LARGE).obj()),
                        List.of(pdb("app", "db", 0)), null, "node2", null, List.of("node2 [p2]")),
                arguments("a preemptionPolicy of Never makes a pod not eligible",
                        pod("p").priority(HIGH).preemptionPolicy("Never").obj(), List.of(onePodNode("node1")),
                        List.of(pod("p1").node("node1").obj()), List.of(), null, null,
                        "preemption: not eligible due to preemptionPolicy=Never.", List.of()),
                arguments("a pod waits while a victim on its nominated node is terminating",
                        pod("p").priority(HIGH).nominatedNode("node1").obj(),
                        List.of(onePodNode("node1"), onePodNode("node2")),
                        List.of(pod("p1").node("node1").terminating().preemptedByScheduler().obj(),
                                pod("p2").node("node2").obj()), List.of(), null, null,
                        "preemption: not eligible due to a terminating pod on the nominated node.", List.of()),
                arguments("a terminating pod not deleted by preemption does not block another attempt",
                        pod("p").priority(HIGH).nominatedNode("node1").obj(), List.of(onePodNode("node1")),
                        List.of(pod("p1").node("node1").terminating().obj()), List.of(), null,
                        "node1", null, List.of("node1 [p1]")),
                arguments("a nominated node that became unresolvable does not block another attempt",
                        pod("p").priority(HIGH).nominatedNode("node1").obj(),
                        List.of(onePodNode("node1"), onePodNode("node2")),
                        List.of(pod("p1").node("node1").terminating().preemptedByScheduler().obj(),
                                pod("p2").node("node2").obj()), List.of(),
                        statuses("node1", Status.unresolvable("node(s) had untolerated taint {a: b}"),
                                "node2", Status.unschedulable("Too many pods")),
                        "node2", null, List.of("node2 [p2]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postFilterCases")
    void postFilterNominatesANodeOrExplainsWhyNot(String name, Pod preemptor, List<Node> nodes, List<Pod> pods,
            List<PodDisruptionBudget> pdbs, Map<String, Status> statuses, String expectedNode,
            String expectedMessage, List<String> expectedEvictions) {
        PostFilterResult result = run(preemptor, nodes, pods, pdbs, statuses);

        assertThat(result.nominatedNodeName()).isEqualTo(expectedNode);
        if (expectedNode != null) {
            assertThat(result.status().isSuccess()).isTrue();
        } else {
            assertThat(result.status().code()).isEqualTo(Status.Code.UNSCHEDULABLE);
            assertThat(result.status().message()).isEqualTo(expectedMessage);
        }
        assertThat(evictions).isEqualTo(expectedEvictions);
    }

    @Test
    void failingPreFilterHooksOnTheOnlyNodeAreAnError() {
        PostFilterResult result = run(pod("p").priority(HIGH).req(LARGE, LARGE).obj(),
                List.of(node("node1", "300m", "300", "32", Map.of("error", "true"))),
                List.of(pod("p1").node("node1").obj()), List.of(), statuses("node1", Status.unschedulable()));

        assertThat(result.nominatedNodeName()).isNull();
        assertThat(result.status().code()).isEqualTo(Status.Code.ERROR);
        assertThat(result.status().message()).isEqualTo(
                "preemption: running RemovePod on PreFilter plugin \"test-plugin\": failed to remove pod: p");
        assertThat(evictions).isEmpty();
    }

    @Test
    void aFailedEvictionIsAnErrorWithoutNomination() {
        Pod preemptor = pod("p").priority(HIGH).obj();
        FakeHandle handle = new FakeHandle(Fixtures.snapshot(List.of(onePodNode("node1")),
                List.of(pod("p1").node("node1").obj())), List.of(new TestResourceFit()), List.of());
        CycleState state = handle.preFilter(preemptor);

        PostFilterResult result = plugin(Status.error("pods \"p1\" is forbidden"))
                .postFilter(state, preemptor, handle.filterAll(state, preemptor), handle);

        assertThat(result.nominatedNodeName()).isNull();
        assertThat(result.status().code()).isEqualTo(Status.Code.ERROR);
        assertThat(result.status().message()).isEqualTo("preemption: pods \"p1\" is forbidden");
    }

    @Test
    void theVictimsConditionNamesTheSchedulerOfThePreemptor() {
        assertThat(VictimEvictor.message(pod("p").obj()))
                .isEqualTo("default-scheduler: preempting to accommodate a higher priority pod");
    }

    @Test
    void invalidArgumentsAreRejectedAsUpstreamValidates() {
        assertThatThrownBy(() -> new DefaultPreemption(101, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DefaultPreemption(10, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DefaultPreemption(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DefaultPreemption().name()).isEqualTo("DefaultPreemption");
    }
}
