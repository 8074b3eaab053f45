package dev.capstan.scheduling.plugins.noderesources;

import static dev.capstan.scheduling.plugins.noderesources.TestObjects.nodeInfo;
import static dev.capstan.scheduling.plugins.noderesources.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeResourcesBalancedAllocationTest {

    private final NodeResourcesBalancedAllocation plugin = new NodeResourcesBalancedAllocation();

    private static Map<String, String> req(String cpu, String memory) {
        return Map.of("cpu", cpu, "memory", memory);
    }

    static Stream<Arguments> cases() {
        Map<String, String> node4000x10000 = req("4000m", "10000");
        Map<String, String> node6000x10000 = req("6000m", "10000");
        Map<String, String> node10000x20000 = req("10000m", "20000");
        return Stream.of(
                // node1: cpu 3000/4000 = 0.75, memory 5000/10000 = 0.5, std 0.125 -> 87; node2: 0.5 and 0.5 -> 100
                Arguments.of("nothing scheduled, resources requested, differently sized nodes",
                        pod(req("1000m", "2000"), req("2000m", "3000")),
                        List.of(nodeInfo("node1", node4000x10000), nodeInfo("node2", node6000x10000)), List.of(87L, 100L)),
                // node1: cpu 6000/10000 = 0.6, memory 5000/20000 = 0.25 -> 82; node2: 0.6 and 0.5 -> 95
                Arguments.of("resources requested, pods scheduled with resources",
                        pod(req("1000m", "2000"), req("2000m", "3000")),
                        List.of(nodeInfo("node1", node10000x20000, pod(req("1000m", "0"), req("2000m", "0"))),
                                nodeInfo("node2", node10000x20000, pod(req("1000m", "2000"), req("2000m", "3000")))),
                        List.of(82L, 95L)),
                // node2: memory 5000+20000 capped at 1 against cpu 0.6 -> std 0.2 -> 80
                Arguments.of("fractions above one are capped", pod(req("3000m", "5000")),
                        List.of(nodeInfo("node1", node10000x20000, pod(req("3000m", "0"))),
                                nodeInfo("node2", node10000x20000, pod(req("3000m", "20000")))),
                        List.of(82L, 80L)),
                // existing pods without requests count as nothing here (not the non-zero defaults)
                Arguments.of("pods without requests add nothing to the balance", pod(req("2000m", "4000")),
                        List.of(nodeInfo("node1", node4000x10000, pod(Map.of()), pod(Map.of())),
                                nodeInfo("node2", node4000x10000)),
                        List.of(95L, 95L)),
                Arguments.of("a node without allocatable scores full marks", pod(req("1000m", "1000")),
                        List.of(nodeInfo("node1", Map.of())), List.of(100L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void favoursNodesWithEvenlyUsedResources(String description, Pod pod, List<NodeInfo> nodes, List<Long> expected) {
        CycleState state = new CycleState();
        assertThat(plugin.preScore(state, pod, nodes).isSuccess()).isTrue();

        List<Long> scores = new ArrayList<>();
        for (NodeInfo node : nodes) {
            scores.add(plugin.score(state, pod, node));
        }

        assertThat(scores).containsExactlyElementsOf(expected);
    }

    @Test
    void bestEffortPodsAreNotScored() {
        Pod bestEffort = pod(Map.of());

        Status status = plugin.preScore(new CycleState(), bestEffort, List.of(nodeInfo("node1", req("1", "1Gi"))));

        assertThat(status.isSkip()).isTrue();
    }

    @Test
    void threeResourcesUseTheFullStandardDeviation() {
        // fractions 0.2, 0.5, 0.8: mean 0.5, std sqrt(0.06) = 0.2449 -> 75
        assertThat(NodeResourcesBalancedAllocation.balancedScore(new long[] {2, 5, 8}, new long[] {10, 10, 10}))
                .isEqualTo(75L);
    }
}
