package dev.capstan.scheduling.plugins.tainttoleration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.ScorePlugin.NodeScore;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaintTolerationTest {

    private final TaintToleration plugin = new TaintToleration();

    static Taint taint(String key, String value, String effect) {
        return new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
    }

    static Toleration toleration(String key, String operator, String value, String effect) {
        return new TolerationBuilder().withKey(key).withOperator(operator).withValue(value).withEffect(effect).build();
    }

    static Pod pod(List<Toleration> tolerations) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
                .withNewSpec().withTolerations(tolerations).endSpec().build();
    }

    static NodeInfo node(String name, List<Taint> taints) {
        return new NodeInfo(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withTaints(taints).endSpec().build());
    }

    static Stream<Arguments> filterCases() {
        return Stream.of(
                Arguments.of("a pod without tolerations does not fit a node with a NoSchedule taint", List.of(),
                        List.of(taint("dedicated", "user1", "NoSchedule")), "node(s) had untolerated taint {dedicated: user1}"),
                Arguments.of("a pod tolerating the dedicated taint with Equal fits",
                        List.of(toleration("dedicated", "Equal", "user1", "NoSchedule")),
                        List.of(taint("dedicated", "user1", "NoSchedule")), null),
                Arguments.of("a toleration for another value does not tolerate the taint",
                        List.of(toleration("dedicated", "Equal", "user2", "NoSchedule")),
                        List.of(taint("dedicated", "user1", "NoSchedule")), "node(s) had untolerated taint {dedicated: user1}"),
                Arguments.of("an Exists toleration ignores the taint's value",
                        List.of(toleration("foo", "Exists", null, "NoSchedule")),
                        List.of(taint("foo", "bar", "NoSchedule")), null),
                Arguments.of("several tolerations tolerate several taints",
                        List.of(toleration("dedicated", "Equal", "user2", "NoSchedule"),
                                toleration("foo", "Exists", null, "NoSchedule")),
                        List.of(taint("dedicated", "user2", "NoSchedule"), taint("foo", "bar", "NoSchedule")), null),
                Arguments.of("a toleration with another effect does not tolerate the taint",
                        List.of(toleration("foo", "Equal", "bar", "PreferNoSchedule")),
                        List.of(taint("foo", "bar", "NoSchedule")), "node(s) had untolerated taint {foo: bar}"),
                Arguments.of("a toleration without an effect tolerates every effect",
                        List.of(toleration("foo", "Equal", "bar", null)),
                        List.of(taint("foo", "bar", "NoSchedule")), null),
                Arguments.of("a toleration with an empty effect string tolerates every effect",
                        List.of(toleration("foo", "", "bar", "")),
                        List.of(taint("foo", "bar", "NoExecute")), null),
                Arguments.of("an untolerated PreferNoSchedule taint does not keep the pod off",
                        List.of(toleration("dedicated", "Equal", "user2", "NoSchedule")),
                        List.of(taint("dedicated", "user1", "PreferNoSchedule")), null),
                Arguments.of("a pod without tolerations fits a node with only PreferNoSchedule taints", List.of(),
                        List.of(taint("dedicated", "user1", "PreferNoSchedule")), null),
                Arguments.of("a NoExecute taint keeps an intolerant pod off", List.of(),
                        List.of(taint("evict", null, "NoExecute")), "node(s) had untolerated taint {evict: }"),
                Arguments.of("an empty key with Exists tolerates every taint",
                        List.of(toleration(null, "Exists", null, null)),
                        List.of(taint("a", "b", "NoSchedule"), taint("c", "d", "NoExecute")), null),
                Arguments.of("the first untolerated taint in node order is reported",
                        List.of(toleration("a", "Exists", null, null)),
                        List.of(taint("a", "1", "NoSchedule"), taint("b", "2", "NoExecute"), taint("c", "3", "NoSchedule")),
                        "node(s) had untolerated taint {b: 2}"),
                Arguments.of("an unknown operator tolerates nothing",
                        List.of(toleration("foo", "Gt", "1", "NoSchedule")),
                        List.of(taint("foo", "2", "NoSchedule")), "node(s) had untolerated taint {foo: 2}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filtersOnNoScheduleAndNoExecuteTaints(String description, List<Toleration> tolerations, List<Taint> taints,
            String expectedReason) {
        Status status = plugin.filter(new CycleState(), pod(tolerations), node("n", taints));

        if (expectedReason == null) {
            assertThat(status.isSuccess()).isTrue();
        } else {
            assertThat(status.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
            assertThat(status.reasons()).containsExactly(expectedReason);
        }
    }

    static Stream<Arguments> scoreCases() {
        return Stream.of(
                Arguments.of("a node whose taints the pod tolerates beats one with an intolerable taint",
                        List.of(toleration("foo", "Equal", "bar", "PreferNoSchedule")),
                        List.of(List.of(taint("foo", "bar", "PreferNoSchedule")), List.of(taint("foo", "blah", "PreferNoSchedule"))),
                        List.of(100L, 0L)),
                Arguments.of("nodes whose taints are all tolerated score the same however many they have",
                        List.of(toleration("cpu-type", "Equal", "arm64", "PreferNoSchedule"),
                                toleration("disk-type", "Equal", "ssd", "PreferNoSchedule")),
                        List.of(List.of(), List.of(taint("cpu-type", "arm64", "PreferNoSchedule")),
                                List.of(taint("cpu-type", "arm64", "PreferNoSchedule"), taint("disk-type", "ssd", "PreferNoSchedule"))),
                        List.of(100L, 100L, 100L)),
                Arguments.of("the more intolerable taints a node has the lower it scores",
                        List.of(toleration("foo", "Equal", "bar", "PreferNoSchedule")),
                        List.of(List.of(), List.of(taint("cpu-type", "arm64", "PreferNoSchedule")),
                                List.of(taint("cpu-type", "arm64", "PreferNoSchedule"), taint("disk-type", "ssd", "PreferNoSchedule"))),
                        List.of(100L, 50L, 0L)),
                Arguments.of("only PreferNoSchedule taints and tolerations count for scoring",
                        List.of(toleration("cpu-type", "Equal", "arm64", "NoSchedule"),
                                toleration("disk-type", "Equal", "ssd", null)),
                        List.of(List.of(), List.of(taint("cpu-type", "arm64", "NoSchedule")),
                                List.of(taint("cpu-type", "arm64", "PreferNoSchedule"), taint("disk-type", "ssd", "PreferNoSchedule"))),
                        List.of(100L, 100L, 0L)),
                Arguments.of("without tolerations the untainted node wins", List.of(),
                        List.of(List.of(), List.of(taint("cpu-type", "arm64", "PreferNoSchedule"))),
                        List.of(100L, 0L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void scoresFewerIntolerablePreferNoScheduleTaintsHigher(String description, List<Toleration> tolerations,
            List<List<Taint>> nodeTaints, List<Long> expected) {
        Pod pod = pod(tolerations);
        CycleState state = new CycleState();
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < nodeTaints.size(); i++) {
            nodes.add(node("node" + i, nodeTaints.get(i)));
        }
        assertThat(plugin.preScore(state, pod, nodes).isSuccess()).isTrue();

        List<NodeScore> scores = new ArrayList<>();
        for (NodeInfo node : nodes) {
            scores.add(new NodeScore(node.name(), plugin.score(state, pod, node)));
        }
        plugin.normalizeScores(state, pod, scores);

        assertThat(scores).extracting(NodeScore::score).containsExactlyElementsOf(expected);
    }
}
