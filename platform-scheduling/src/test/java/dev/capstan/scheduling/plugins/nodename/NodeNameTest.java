package dev.capstan.scheduling.plugins.nodename;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeNameTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a pod without a node name fits any node", null, "foo", Status.Code.SUCCESS),
                Arguments.of("a pod naming this node fits it", "foo", "foo", Status.Code.SUCCESS),
                Arguments.of("a pod naming another node does not fit", "bar", "foo",
                        Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filtersOnTheRequestedNodeName(String description, String podNodeName, String nodeName, Status.Code expected) {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(podNodeName).endSpec().build();
        NodeInfo node = new NodeInfo(new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata().build());

        Status status = new NodeName().filter(new CycleState(), pod, node);

        assertThat(status.code()).isEqualTo(expected);
        if (expected != Status.Code.SUCCESS) {
            assertThat(status.reasons()).containsExactly("node(s) didn't match the requested node name");
        }
    }
}
