package dev.capstan.scheduling.plugins.nodeunschedulable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeUnschedulableTest {

    private static Toleration toleration(String key, String operator, String effect) {
        return new TolerationBuilder().withKey(key).withOperator(operator).withEffect(effect).build();
    }

    static Stream<Arguments> cases() {
        Toleration unschedulable = toleration("node.kubernetes.io/unschedulable", "Exists", "NoSchedule");
        return Stream.of(
                Arguments.of("a schedulable node takes a pod without tolerations", null, List.of(), true),
                Arguments.of("a node with unschedulable false takes a pod", false, List.of(), true),
                Arguments.of("a cordoned node rejects a pod without tolerations", true, List.of(), false),
                Arguments.of("a cordoned node takes a pod tolerating the unschedulable taint", true,
                        List.of(unschedulable), true),
                Arguments.of("a cordoned node takes a pod tolerating every taint", true,
                        List.of(toleration(null, "Exists", null)), true),
                Arguments.of("a cordoned node rejects a pod tolerating the taint only for NoExecute", true,
                        List.of(toleration("node.kubernetes.io/unschedulable", "Exists", "NoExecute")), false),
                Arguments.of("a cordoned node rejects a pod tolerating another key", true,
                        List.of(toleration("dedicated", "Exists", "NoSchedule")), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void honoursCordonUnlessTolerated(String description, Boolean unschedulable, List<Toleration> tolerations,
            boolean fits) {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
                .withNewSpec().withTolerations(tolerations).endSpec().build();
        NodeInfo node = new NodeInfo(new NodeBuilder().withNewMetadata().withName("n").endMetadata()
                .withNewSpec().withUnschedulable(unschedulable).endSpec().build());

        Status status = new NodeUnschedulable().filter(new CycleState(), pod, node);

        if (fits) {
            assertThat(status.isSuccess()).isTrue();
        } else {
            assertThat(status.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
            assertThat(status.reasons()).containsExactly("node(s) were unschedulable");
        }
    }
}
