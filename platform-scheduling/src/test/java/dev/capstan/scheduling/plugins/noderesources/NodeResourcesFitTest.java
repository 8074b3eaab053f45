package dev.capstan.scheduling.plugins.noderesources;

import static dev.capstan.scheduling.plugins.noderesources.TestObjects.nodeInfo;
import static dev.capstan.scheduling.plugins.noderesources.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
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

class NodeResourcesFitTest {

    /** Upstream's makeAllocatableResources(10, 20, 32, 5, 20, 5): 10m cpu, 20 bytes memory, 32 pods, ... */
    private static final Map<String, String> ALLOCATABLE = Map.of("cpu", "10m", "memory", "20", "pods", "32",
            "example.com/aaa", "5", "ephemeral-storage", "20", "hugepages-2Mi", "5");

    private static Map<String, String> req(String cpu, String memory) {
        return Map.of("cpu", cpu, "memory", memory);
    }

    static Stream<Arguments> filterCases() {
        return Stream.of(
                Arguments.of("no resources requested always fits", pod(), pod(req("10m", "20")), List.of()),
                Arguments.of("too many resources fails on every shortage", pod(req("1m", "1")), pod(req("10m", "20")),
                        List.of("Insufficient cpu", "Insufficient memory")),
                Arguments.of("an init container's cpu counts", pod(List.of(req("1m", "1")), List.of(req("3m", "1"))),
                        pod(req("8m", "19")), List.of("Insufficient cpu")),
                Arguments.of("the highest init container's cpu counts",
                        pod(List.of(req("1m", "1")), List.of(req("3m", "1"), req("2m", "1"))), pod(req("8m", "19")),
                        List.of("Insufficient cpu")),
                Arguments.of("an init container's memory counts", pod(List.of(req("1m", "1")), List.of(req("1m", "3"))),
                        pod(req("9m", "19")), List.of("Insufficient memory")),
                Arguments.of("init containers count by the max, not the sum",
                        pod(List.of(req("1m", "1")), List.of(req("1m", "1"))), pod(req("9m", "19")), List.of()),
                Arguments.of("both resources fit", pod(req("1m", "1")), pod(req("5m", "5")), List.of()),
                Arguments.of("memory fits but cpu does not", pod(req("2m", "1")), pod(req("9m", "5")),
                        List.of("Insufficient cpu")),
                Arguments.of("cpu fits but memory does not", pod(req("1m", "2")), pod(req("5m", "19")),
                        List.of("Insufficient memory")),
                Arguments.of("requests equal to what is left fit", pod(req("5m", "1")), pod(req("5m", "19")), List.of()),
                Arguments.of("an extended resource within allocatable fits", pod(Map.of("example.com/aaa", "1")),
                        pod(Map.of("example.com/aaa", "4")), List.of()),
                Arguments.of("an extended resource beyond what is left does not fit", pod(Map.of("example.com/aaa", "2")),
                        pod(Map.of("example.com/aaa", "4")), List.of("Insufficient example.com/aaa")),
                Arguments.of("an extended resource the node lacks does not fit", pod(Map.of("example.com/bbb", "1")),
                        pod(), List.of("Insufficient example.com/bbb")),
                Arguments.of("a zero request of an extended resource the node lacks fits",
                        pod(Map.of("example.com/bbb", "0", "cpu", "1m")), pod(), List.of()),
                Arguments.of("hugepages beyond allocatable do not fit", pod(Map.of("hugepages-2Mi", "6")), pod(),
                        List.of("Insufficient hugepages-2Mi")),
                Arguments.of("ephemeral storage beyond what is left does not fit", pod(Map.of("ephemeral-storage", "15")),
                        pod(Map.of("ephemeral-storage", "10")), List.of("Insufficient ephemeral-storage")),
                Arguments.of("every shortage is listed in a stable order",
                        pod(Map.of("cpu", "11m", "memory", "21", "ephemeral-storage", "21", "hugepages-2Mi", "6",
                                "example.com/aaa", "6")), pod(),
                        List.of("Insufficient cpu", "Insufficient memory", "Insufficient ephemeral-storage",
                                "Insufficient example.com/aaa", "Insufficient hugepages-2Mi")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filtersOnRequestedResources(String description, Pod pod, Pod existing, List<String> reasons) {
        NodeInfo node = nodeInfo("node", ALLOCATABLE, existing);

        Status status = filter(new NodeResourcesFit(), pod, node);

        if (reasons.isEmpty()) {
            assertThat(status.isSuccess()).as(status.message()).isTrue();
        } else {
            assertThat(status.code()).isEqualTo(Status.Code.UNSCHEDULABLE);
            assertThat(status.reasons()).containsExactlyElementsOf(reasons);
        }
    }

    @Test
    void aFullNodeRejectsEvenAPodWithoutRequests() {
        NodeInfo node = nodeInfo("node", Map.of("cpu", "10m", "memory", "20", "pods", "1"), pod());

        Status status = filter(new NodeResourcesFit(), pod(), node);

        assertThat(status.reasons()).containsExactly("Too many pods");
    }

    @Test
    void aFullNodeListsThePodCountWithTheResourceShortages() {
        NodeInfo node = nodeInfo("node", Map.of("cpu", "10m", "memory", "20", "pods", "1"), pod(req("10m", "20")));

        Status status = filter(new NodeResourcesFit(), pod(req("1m", "1")), node);

        assertThat(status.reasons()).containsExactly("Too many pods", "Insufficient cpu", "Insufficient memory");
    }

    @Test
    void podOverheadCounts() {
        Pod pod = pod(req("5m", "1"));
        pod.getSpec().setOverhead(TestObjects.quantities(Map.of("cpu", "1m")));
        NodeInfo node = nodeInfo("node", ALLOCATABLE, pod(req("5m", "5")));

        assertThat(filter(new NodeResourcesFit(), pod, node).reasons()).containsExactly("Insufficient cpu");
    }

    private static Status filter(NodeResourcesFit plugin, Pod pod, NodeInfo node) {
        CycleState state = new CycleState();
        assertThat(plugin.preFilter(state, pod, new Snapshot(List.of(node))).isSuccess()).isTrue();
        return plugin.filter(state, pod, node);
    }

    // Scoring, upstream's cases: capacities in whole cpus ("4000" = 4000 cpus) and bytes; only ratios matter.

    private static final Map<String, String> NODE_4000_10000 = req("4000", "10000");
    private static final Map<String, String> NODE_6000_10000 = req("6000", "10000");
    private static final Map<String, String> NODE_10000_20000 = req("10000", "20000");
    private static final Map<String, String> NODE_10000_50000 = req("10000", "50000");

    static Stream<Arguments> leastAllocatedCases() {
        return Stream.of(
                Arguments.of("nothing scheduled, nothing requested", pod(),
                        List.of(nodeInfo("node1", NODE_4000_10000), nodeInfo("node2", NODE_4000_10000)), List.of(100L, 100L)),
                Arguments.of("nothing scheduled, resources requested, differently sized nodes",
                        pod(req("1000", "2000"), req("2000", "3000")),
                        List.of(nodeInfo("node1", NODE_4000_10000), nodeInfo("node2", NODE_6000_10000)), List.of(37L, 50L)),
                Arguments.of("no resources requested, pods without containers scheduled", pod(),
                        List.of(nodeInfo("node1", NODE_4000_10000, pod(), pod()), nodeInfo("node2", NODE_4000_10000, pod(), pod())),
                        List.of(100L, 100L)),
                Arguments.of("no resources requested, pods scheduled with resources", pod(),
                        List.of(nodeInfo("node1", NODE_10000_20000, pod(req("3000", "0")), pod(req("3000", "0"))),
                                nodeInfo("node2", NODE_10000_20000, pod(req("3000", "0")), pod(req("3000", "5000")))),
                        List.of(70L, 57L)),
                Arguments.of("resources requested, pods scheduled with resources",
                        pod(req("1000", "2000"), req("2000", "3000")),
                        List.of(nodeInfo("node1", NODE_10000_20000, pod(req("3000", "0"))),
                                nodeInfo("node2", NODE_10000_20000, pod(req("3000", "5000")))),
                        List.of(57L, 45L)),
                Arguments.of("resources requested, pods scheduled with resources, differently sized nodes",
                        pod(req("1000", "2000"), req("2000", "3000")),
                        List.of(nodeInfo("node1", NODE_10000_20000, pod(req("3000", "0"))),
                                nodeInfo("node2", NODE_10000_50000, pod(req("3000", "5000")))),
                        List.of(57L, 60L)),
                Arguments.of("requested resources exceed node capacity", pod(req("3000", "0")),
                        List.of(nodeInfo("node1", NODE_4000_10000, pod(req("3000", "0"))),
                                nodeInfo("node2", NODE_4000_10000, pod(req("3000", "5000")))),
                        List.of(50L, 25L)),
                Arguments.of("zero node resources", pod(),
                        List.of(nodeInfo("node1", Map.of(), pod(req("3000", "0"))),
                                nodeInfo("node2", Map.of(), pod(req("3000", "5000")))),
                        List.of(0L, 0L)),
                Arguments.of("a container without requests counts 100m cpu and 200Mi memory", pod(Map.of()),
                        List.of(nodeInfo("node1", req("1", "1000Mi")), nodeInfo("node2", req("2", "400Mi"))),
                        List.of(85L, 72L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leastAllocatedCases")
    void leastAllocatedPrefersEmptierNodes(String description, Pod pod, List<NodeInfo> nodes, List<Long> expected) {
        assertThat(scores(new NodeResourcesFit(), pod, nodes)).containsExactlyElementsOf(expected);
    }

    @Test
    void leastAllocatedHonoursResourceWeights() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put("memory", 2);
        weights.put("cpu", 1);
        NodeResourcesFit plugin = new NodeResourcesFit(ScoringStrategy.LEAST_ALLOCATED, weights);

        List<Long> scores = scores(plugin, pod(req("1000", "2000"), req("2000", "3000")),
                List.of(nodeInfo("node1", NODE_4000_10000), nodeInfo("node2", NODE_6000_10000)));

        // node1: (25 * 1 + 50 * 2) / 3 = 41; node2: (50 * 1 + 50 * 2) / 3 = 50
        assertThat(scores).containsExactly(41L, 50L);
    }

    @Test
    void extendedResourcesCountOnlyWhenThePodRequestsThem() {
        Map<String, Integer> weights = Map.of("cpu", 1, "memory", 1, "example.com/gpu", 1);
        NodeResourcesFit plugin = new NodeResourcesFit(ScoringStrategy.LEAST_ALLOCATED, weights);
        List<NodeInfo> nodes = List.of(nodeInfo("node1", Map.of("cpu", "6000", "memory", "10000", "example.com/gpu", "4")),
                nodeInfo("node2", Map.of("cpu", "6000", "memory", "10000", "example.com/gpu", "10")));

        assertThat(scores(plugin, pod(req("1000", "2000"), req("2000", "3000")), nodes)).containsExactly(50L, 50L);
        // gpu: node1 (4 - 2) / 4 = 50, node2 (10 - 2) / 10 = 80; means (50+50+50)/3 and (50+50+80)/3
        assertThat(scores(plugin, pod(Map.of("cpu", "3000", "memory", "5000", "example.com/gpu", "2")), nodes))
                .containsExactly(50L, 60L);
    }

    static Stream<Arguments> mostAllocatedCases() {
        return Stream.of(
                Arguments.of("nothing scheduled, nothing requested", pod(),
                        List.of(nodeInfo("node1", NODE_4000_10000), nodeInfo("node2", NODE_4000_10000)), List.of(0L, 0L)),
                Arguments.of("nothing scheduled, resources requested, differently sized nodes",
                        pod(req("1000", "2000"), req("2000", "3000")),
                        List.of(nodeInfo("node1", NODE_4000_10000), nodeInfo("node2", NODE_6000_10000)), List.of(62L, 50L)),
                Arguments.of("resources requested, pods scheduled with resources",
                        pod(req("1000", "2000"), req("2000", "3000")),
                        List.of(nodeInfo("node1", NODE_10000_20000, pod(req("3000", "0"))),
                                nodeInfo("node2", NODE_10000_20000, pod(req("3000", "5000")))),
                        List.of(42L, 55L)),
                Arguments.of("requests beyond capacity count as a full node", pod(req("3000", "0")),
                        List.of(nodeInfo("node1", NODE_4000_10000, pod(req("3000", "0"))),
                                nodeInfo("node2", NODE_4000_10000, pod(req("3000", "5000")))),
                        List.of(50L, 75L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mostAllocatedCases")
    void mostAllocatedPrefersFullerNodes(String description, Pod pod, List<NodeInfo> nodes, List<Long> expected) {
        assertThat(scores(new NodeResourcesFit(ScoringStrategy.MOST_ALLOCATED), pod, nodes))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void weightsOutsideUpstreamsRangeAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new NodeResourcesFit(ScoringStrategy.LEAST_ALLOCATED, Map.of("cpu", 0)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new NodeResourcesFit(ScoringStrategy.LEAST_ALLOCATED, Map.of("cpu", 101)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static List<Long> scores(NodeResourcesFit plugin, Pod pod, List<NodeInfo> nodes) {
        CycleState state = new CycleState();
        plugin.preFilter(state, pod, new Snapshot(nodes));
        assertThat(plugin.preScore(state, pod, nodes).isSuccess()).isTrue();
        List<Long> scores = new ArrayList<>();
        for (NodeInfo node : nodes) {
            scores.add(plugin.score(state, pod, node));
        }
        // Score without the cycle state (PreScore disabled) must agree.
        for (int i = 0; i < nodes.size(); i++) {
            assertThat(plugin.score(new CycleState(), pod, nodes.get(i))).isEqualTo(scores.get(i));
        }
        return scores;
    }
}
