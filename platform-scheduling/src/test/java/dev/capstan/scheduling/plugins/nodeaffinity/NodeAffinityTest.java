package dev.capstan.scheduling.plugins.nodeaffinity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.ScorePlugin.NodeScore;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeAffinityTest {

    private static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    private final NodeAffinity plugin = new NodeAffinity();

    static NodeSelectorRequirement expr(String key, String operator, String... values) {
        return new NodeSelectorRequirementBuilder().withKey(key).withOperator(operator)
                .withValues(Arrays.asList(values)).build();
    }

    static NodeSelectorTerm term(NodeSelectorRequirement... expressions) {
        return new NodeSelectorTermBuilder().withMatchExpressions(expressions).build();
    }

    static NodeSelectorTerm fieldTerm(NodeSelectorRequirement fields, NodeSelectorRequirement... expressions) {
        return new NodeSelectorTermBuilder().withMatchFields(fields).withMatchExpressions(expressions).build();
    }

    static Affinity required(NodeSelectorTerm... terms) {
        return new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withNodeSelectorTerms(terms).endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build();
    }

    static Affinity preferred(PreferredSchedulingTerm... terms) {
        return new AffinityBuilder().withNewNodeAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(terms)
                .endNodeAffinity().build();
    }

    static PreferredSchedulingTerm weighted(int weight, NodeSelectorRequirement... expressions) {
        return new PreferredSchedulingTerm(term(expressions), weight);
    }

    static Pod pod(Map<String, String> nodeSelector, Affinity affinity) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
                .withNewSpec().withNodeSelector(nodeSelector).withAffinity(affinity).endSpec().build();
    }

    static NodeInfo node(String name, Map<String, String> labels) {
        return new NodeInfo(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build());
    }

    static Stream<Arguments> filterCases() {
        return Stream.of(
                Arguments.of("a pod without affinity fits any node", null, null, Map.of("foo", "bar"), true),
                Arguments.of("a pod whose affinity has no node affinity fits", null, new Affinity(), Map.of(), true),
                Arguments.of("a node missing the selected label does not fit", Map.of("foo", "bar"), null, Map.of(), false),
                Arguments.of("a node with the same labels fits", Map.of("foo", "bar"), null, Map.of("foo", "bar"), true),
                Arguments.of("a node with more labels than selected fits", Map.of("foo", "bar"), null,
                        Map.of("foo", "bar", "baz", "blah"), true),
                Arguments.of("a node with only some of the selected labels does not fit",
                        Map.of("foo", "bar", "baz", "blah"), null, Map.of("foo", "bar"), false),
                Arguments.of("In matches one of the values", null, required(term(expr("foo", "In", "value1", "bar"))),
                        Map.of("foo", "bar"), true),
                Arguments.of("In matches none of the values", null, required(term(expr("foo", "In", "value1", "value2"))),
                        Map.of("foo", "bar"), false),
                Arguments.of("Gt compares integers", null, required(term(expr("kernel-version", "Gt", "0204"))),
                        Map.of("kernel-version", "0206"), true),
                Arguments.of("Gt does not match an equal value", null, required(term(expr("kernel-version", "Gt", "206"))),
                        Map.of("kernel-version", "0206"), false),
                Arguments.of("Lt matches a smaller integer", null, required(term(expr("cores", "Lt", "8"))),
                        Map.of("cores", "4"), true),
                Arguments.of("Lt does not match a label that is not an integer", null,
                        required(term(expr("cores", "Lt", "8"))), Map.of("cores", "four"), false),
                Arguments.of("Gt does not match a missing label", null, required(term(expr("cores", "Gt", "1"))),
                        Map.of(), false),
                Arguments.of("NotIn matches another value", null, required(term(expr("mem-type", "NotIn", "DDR", "DDR2"))),
                        Map.of("mem-type", "DDR3"), true),
                Arguments.of("NotIn matches a missing label", null, required(term(expr("mem-type", "NotIn", "DDR"))),
                        Map.of(), true),
                Arguments.of("Exists matches a present label", null, required(term(expr("GPU", "Exists"))),
                        Map.of("GPU", "NVIDIA-GRID-K1"), true),
                Arguments.of("DoesNotExist rejects a present label", null, required(term(expr("GPU", "DoesNotExist"))),
                        Map.of("GPU", "NVIDIA-GRID-K1"), false),
                Arguments.of("a required affinity without terms matches no node", null, required(), Map.of("foo", "bar"), false),
                Arguments.of("an empty term matches no node", null, required(new NodeSelectorTerm()), Map.of("foo", "bar"), false),
                Arguments.of("expressions in a term are ANDed and all match", null,
                        required(term(expr("GPU", "Exists"), expr("GPU", "NotIn", "AMD", "INTER"))),
                        Map.of("GPU", "NVIDIA-GRID-K1"), true),
                Arguments.of("expressions in a term are ANDed and one fails", null,
                        required(term(expr("GPU", "Exists"), expr("GPU", "In", "AMD", "INTER"))),
                        Map.of("GPU", "NVIDIA-GRID-K1"), false),
                Arguments.of("terms are ORed", null,
                        required(term(expr("foo", "In", "bar", "value2")), term(expr("diffkey", "In", "wong", "value2"))),
                        Map.of("foo", "bar"), true),
                Arguments.of("node selector and affinity both satisfied", Map.of("foo", "bar"),
                        required(term(expr("foo", "Exists"))), Map.of("foo", "bar"), true),
                Arguments.of("affinity satisfied but node selector not", Map.of("foo", "bar"),
                        required(term(expr("foo", "Exists"))), Map.of("foo", "barrrrrr"), false),
                Arguments.of("an invalid term is ignored and the valid one still matches", null,
                        required(term(expr("foo", "In")), term(expr("foo", "Exists"))), Map.of("foo", "bar"), true),
                Arguments.of("a term with an unknown operator matches nothing", null,
                        required(term(expr("foo", "Matches", "bar"))), Map.of("foo", "bar"), false),
                Arguments.of("matchFields metadata.name In selects the named node", null,
                        required(fieldTerm(expr("metadata.name", "In", "node1"))), Map.of(), true),
                Arguments.of("matchFields metadata.name In rejects another node", null,
                        required(fieldTerm(expr("metadata.name", "In", "node2"))), Map.of(), false),
                Arguments.of("matchFields metadata.name NotIn rejects the named node", null,
                        required(fieldTerm(expr("metadata.name", "NotIn", "node1"))), Map.of(), false),
                Arguments.of("matchFields and matchExpressions in one term are ANDed", null,
                        required(fieldTerm(expr("metadata.name", "In", "node1"), expr("foo", "In", "bar"))),
                        Map.of("foo", "bar"), true),
                Arguments.of("matchFields matches but the label does not", null,
                        required(fieldTerm(expr("metadata.name", "In", "node1"), expr("foo", "In", "bar"))),
                        Map.of("foo", "baz"), false),
                Arguments.of("a label term matches when the name term does not", null,
                        required(fieldTerm(expr("metadata.name", "In", "node2")), term(expr("foo", "In", "bar"))),
                        Map.of("foo", "bar"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filterCases")
    void filtersOnNodeSelectorAndRequiredAffinity(String description, Map<String, String> nodeSelector,
            Affinity affinity, Map<String, String> labels, boolean fits) {
        Pod pod = pod(nodeSelector, affinity);
        NodeInfo node = node("node1", labels);
        CycleState state = new CycleState();

        Status pre = plugin.preFilter(state, pod, new Snapshot(List.of(node)));
        Status status = pre.isSkip() ? Status.success() : plugin.filter(state, pod, node);

        if (fits) {
            assertThat(status.isSuccess()).isTrue();
        } else {
            assertThat(status.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
            assertThat(status.reasons()).containsExactly(REASON);
        }
        // Filter without PreFilter (e.g. PreFilter disabled) computes the same answer.
        assertThat(plugin.filter(new CycleState(), pod, node).isSuccess()).isEqualTo(fits);
    }

    @Test
    void preFilterSkipsPodsWithoutNodeConstraints() {
        Status status = plugin.preFilter(new CycleState(), pod(null, null), new Snapshot(List.of()));

        assertThat(status.isSkip()).isTrue();
    }

    @Test
    void preFilterRejectsTermsWhoseNodeNamesCannotAllHold() {
        Pod pod = pod(null, required(new NodeSelectorTermBuilder()
                .withMatchFields(expr("metadata.name", "In", "node1"), expr("metadata.name", "In", "node2")).build()));

        Status status = plugin.preFilter(new CycleState(), pod, new Snapshot(List.of()));

        assertThat(status.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(status.reasons()).containsExactly("pod affinity terms conflict");
    }

    @Test
    void preFilterAcceptsTermsNamingDifferentNodes() {
        Pod pod = pod(null, required(fieldTerm(expr("metadata.name", "In", "node1")),
                fieldTerm(expr("metadata.name", "In", "node2"))));

        assertThat(plugin.preFilter(new CycleState(), pod, new Snapshot(List.of())).isSuccess()).isTrue();
    }

    static Stream<Arguments> scoreCases() {
        Affinity affinity1 = preferred(weighted(2, expr("foo", "In", "bar")));
        Affinity affinity2 = preferred(weighted(2, expr("foo", "In", "bar")), weighted(4, expr("key", "In", "value")),
                weighted(5, expr("foo", "In", "bar"), expr("key", "In", "value"), expr("az", "In", "az1")));
        Map<String, String> label1 = Map.of("foo", "bar");
        Map<String, String> label2 = Map.of("key", "value");
        Map<String, String> label3 = Map.of("az", "az1");
        Map<String, String> label4 = Map.of("abc", "az11", "def", "az22");
        Map<String, String> label5 = Map.of("foo", "bar", "key", "value", "az", "az1");
        return Stream.of(
                Arguments.of("without node affinity every node scores the same", null,
                        List.of(label1, label2, label3), List.of(0L, 0L, 0L)),
                Arguments.of("no node matches the preferred terms", affinity1,
                        List.of(label4, label2, label3), List.of(0L, 0L, 0L)),
                Arguments.of("only the first node matches the preferred term", affinity1,
                        List.of(label1, label2, label3), List.of(100L, 0L, 0L)),
                Arguments.of("nodes matching heavier terms score higher", affinity2,
                        List.of(label1, label5, label2), List.of(18L, 100L, 36L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scoreCases")
    void scoresTheWeightsOfMatchingPreferredTerms(String description, Affinity affinity,
            List<Map<String, String>> nodeLabels, List<Long> expected) {
        Pod pod = pod(null, affinity);
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < nodeLabels.size(); i++) {
            nodes.add(node("node" + i, nodeLabels.get(i)));
        }
        CycleState state = new CycleState();
        Status pre = plugin.preScore(state, pod, nodes);

        List<NodeScore> scores = new ArrayList<>();
        for (NodeInfo node : nodes) {
            scores.add(new NodeScore(node.name(), pre.isSkip() ? 0 : plugin.score(state, pod, node)));
        }
        if (!pre.isSkip()) {
            plugin.normalizeScores(state, pod, scores);
        }

        assertThat(scores).extracting(NodeScore::score).containsExactlyElementsOf(expected);
    }

    @Test
    void preScoreReportsAnInvalidPreferredTerm() {
        Pod pod = pod(null, preferred(weighted(1, expr("foo", "Gt", "notanumber"))));

        Status status = plugin.preScore(new CycleState(), pod, List.of());

        assertThat(status.code()).isEqualTo(Status.Code.ERROR);
    }

    @Test
    void matcherIsReusableForANodeObject() {
        NodeSelectorMatcher matcher = NodeSelectorMatcher.forPod(
                pod(Map.of("zone", "a"), required(term(expr("disk", "In", "ssd")))));

        assertThat(matcher.matches(node("n", Map.of("zone", "a", "disk", "ssd")).node())).isTrue();
        assertThat(matcher.matches(node("n", Map.of("zone", "b", "disk", "ssd")).node())).isFalse();
        assertThat(matcher.matchesAnyNode()).isFalse();
        assertThat(NodeSelectorMatcher.forPod(pod(null, null)).matchesAnyNode()).isTrue();
    }
}
