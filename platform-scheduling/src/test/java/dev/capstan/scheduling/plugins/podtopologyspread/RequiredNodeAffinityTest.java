package dev.capstan.scheduling.plugins.podtopologyspread;

import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.node;
import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The small node affinity matcher spreading uses to decide which nodes form domains (nodeAffinityPolicy Honor). */
class RequiredNodeAffinityTest {

    static NodeSelectorTerm expression(String key, String operator, String... values) {
        return new NodeSelectorTermBuilder().addNewMatchExpression().withKey(key).withOperator(operator).withValues(values)
                .endMatchExpression().build();
    }

    static Pod withTerms(NodeSelectorTerm... terms) {
        Pod pod = pod("p").build();
        pod.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withNodeSelectorTerms(List.of(terms)).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build());
        return pod;
    }

    static Stream<Arguments> cases() {
        Node zone1 = node("node-a", "zone", "zone1", "cpus", "8");
        return Stream.of(
                Arguments.of("a pod without selector or affinity matches every node", pod("p").build(), zone1, true),
                Arguments.of("a nodeSelector must match every label", pod("p").nodeSelector("zone", "zone1").nodeSelector("x", "y").build(),
                        zone1, false),
                Arguments.of("terms are ORed", withTerms(expression("zone", "In", "zone2"), expression("zone", "In", "zone1")), zone1, true),
                Arguments.of("an empty term matches no node", withTerms(new NodeSelectorTerm()), zone1, false),
                Arguments.of("Gt compares integers", withTerms(expression("cpus", "Gt", "4")), zone1, true),
                Arguments.of("Lt with a non-integer label matches nothing", withTerms(expression("zone", "Lt", "4")), zone1, false),
                Arguments.of("DoesNotExist matches a node without the key", withTerms(expression("gpu", "DoesNotExist")), zone1, true),
                Arguments.of("matchFields on metadata.name", withTerms(new NodeSelectorTermBuilder().addNewMatchField()
                        .withKey("metadata.name").withOperator("In").withValues("node-a").endMatchField().build()), zone1, true),
                Arguments.of("a node outside the required zone does not match",
                        withTerms(expression("zone", "In", "zone1")), node("node-b", "zone", "zone2"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesAsUpstream(String name, Pod pod, Node node, boolean expected) {
        assertThat(RequiredNodeAffinity.of(pod).matches(node)).isEqualTo(expected);
    }
}
