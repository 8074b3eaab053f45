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
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import dev.capstan.scheduling.Status.Code;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Filter cases from upstream's TestRequiredAffinitySingleNode and TestRequiredAffinityMultipleNodes
 * (interpodaffinity/filtering_test.go). Expected values: "ok", or the rejection reason.
 */
class InterPodAffinityFilterTest {

    static final String OK = "ok";
    static final String AFFINITY = "node(s) didn't match pod affinity rules";
    static final String ANTI = "node(s) didn't match pod anti-affinity rules";
    static final String EXISTING = "node(s) didn't satisfy existing pods anti-affinity rules";

    private final InterPodAffinity plugin = new InterPodAffinity();

    static Map<String, String> expect(String... nodeAndResult) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nodeAndResult.length; i += 2) {
            map.put(nodeAndResult[i], nodeAndResult[i + 1]);
        }
        return map;
    }

    static Stream<Arguments> singleNode() {
        List<Node> node1 = List.of(node("node1", "region", "r1", "zone", "z11"));
        Pod securityScan = pod("existing").label("service", "securityscan").node("node1").build();
        return Stream.of(
                Arguments.of("affinity In matching the existing pod", pod("p").label("security", "S1")
                        .affinity(term("region", in("service", "securityscan", "value2"))).build(), List.of(securityScan), node1,
                        expect("node1", OK)),
                Arguments.of("affinity NotIn matching the existing pod", pod("p").label("security", "S1")
                        .affinity(term("region", notIn("service", "securityscan3", "value3"))).build(), List.of(securityScan),
                        node1, expect("node1", OK)),
                Arguments.of("affinity does not match a pod in another namespace", pod("p").label("security", "S1")
                        .affinity(inNamespaces(term("region", in("service", "securityscan", "value2")), "DiffNameSpace")).build(),
                        List.of(pod("existing").namespace("ns").label("service", "securityscan").node("node1").build()), node1,
                        expect("node1", AFFINITY)),
                Arguments.of("affinity whose selector matches no existing pod", pod("p").label("service", "securityscan")
                        .affinity(term("", in("service", "antivirusscan", "value2"))).build(), List.of(securityScan), node1,
                        expect("node1", AFFINITY)),
                Arguments.of("several affinity terms with different operators all match", pod("p").label("security", "S1")
                        .affinity(term("region", exists("service"), doesNotExist("wrongkey")))
                        .affinity(term("region", in("service", "securityscan"), notIn("service", "WrongValue"))).build(),
                        List.of(securityScan), node1, expect("node1", OK)),
                Arguments.of("selector requirements are ANDed: one does not match", pod("p").label("security", "S1")
                        .affinity(term("region", exists("service"), doesNotExist("wrongkey")))
                        .affinity(term("region", in("service", "securityscan2"), notIn("service", "WrongValue"))).build(),
                        List.of(securityScan), node1, expect("node1", AFFINITY)),
                Arguments.of("affinity and anti-affinity both satisfied", pod("p").label("security", "S1")
                        .affinity(term("region", in("service", "securityscan", "value2")))
                        .antiAffinity(term("node", in("service", "antivirusscan", "value2"))).build(), List.of(securityScan),
                        node1, expect("node1", OK)),
                Arguments.of("affinity satisfied but anti-affinity violated", pod("p").label("security", "S1")
                        .affinity(term("region", in("service", "securityscan", "value2")))
                        .antiAffinity(term("zone", in("service", "securityscan", "value2"))).build(), List.of(securityScan),
                        node1, expect("node1", ANTI)),
                Arguments.of("existing pod's anti-affinity rejects the incoming pod (symmetry)", pod("p").label("service", "securityscan")
                        .affinity(term("region", in("service", "securityscan", "value2")))
                        .antiAffinity(term("node", in("service", "antivirusscan", "value2"))).build(),
                        List.of(pod("existing").label("service", "securityscan").node("node1")
                                .antiAffinity(term("zone", in("service", "securityscan", "value2"))).build()),
                        node1, expect("node1", EXISTING)),
                Arguments.of("the pod does not match its own NotIn affinity and the only match is off-cluster",
                        pod("p").label("service", "securityscan").affinity(term("region", notIn("service", "securityscan", "value2")))
                                .build(), List.of(pod("elsewhere").label("service", "securityscan").node("node2").build()), node1,
                        expect("node1", AFFINITY)),
                Arguments.of("an existing pod's anti-affinity applies to a pod without any affinity", pod("p").label("service", "securityscan")
                        .build(), List.of(pod("existing").label("service", "securityscan").node("node1")
                                .antiAffinity(term("zone", in("service", "securityscan", "value2"))).build()),
                        node1, expect("node1", EXISTING)),
                Arguments.of("the incoming pod's anti-affinity matches the existing pod", pod("p").label("service", "securityscan")
                        .antiAffinity(term("region", exists("service"))).antiAffinity(term("region", exists("security"))).build(),
                        List.of(pod("existing").label("security", "S1").node("node1")
                                .antiAffinity(term("zone", exists("security"))).build()), node1, expect("node1", ANTI)),
                Arguments.of("symmetry a2: only the existing pod's anti-affinity matches", pod("p").label("security", "S1")
                        .antiAffinity(term("zone", exists("security"))).build(),
                        List.of(pod("existing").label("service", "securityscan").node("node1")
                                .antiAffinity(term("zone", exists("service"))).antiAffinity(term("zone", exists("security"))).build()),
                        node1, expect("node1", EXISTING)));
    }

    static Stream<Arguments> multipleNodes() {
        List<Node> chinaChinaIndia = List.of(node("nodeA", "region", "China"), node("nodeB", "region", "China", "az", "az1"),
                node("nodeC", "region", "India"));
        List<Node> twoZones = List.of(node("nodeA", "region", "r1", "zone", "z1", "hostname", "nodeA"),
                node("nodeB", "region", "r1", "zone", "z2", "hostname", "nodeB"));
        LabelSelector everyNamespace = new LabelSelectorBuilder().build();
        LabelSelector teamOne = new LabelSelectorBuilder().addToMatchLabels("team", "team1").build();
        return Stream.of(
                Arguments.of("every node in the region of a matching pod fits the affinity",
                        pod("p").label("foo", "bar").affinity(term("region", in("foo", "bar"))).build(),
                        List.of(pod("existing").label("foo", "bar").node("nodeA").build()), chinaChinaIndia,
                        expect("nodeA", OK, "nodeB", OK, "nodeC", AFFINITY)),
                Arguments.of("the first pod of a self-affine group fits nodes that have the topology key",
                        pod("p").label("foo", "bar").affinity(term("region", in("foo", "bar"))).build(), List.of(),
                        List.of(node("nodeA", "region", "China"), node("nodeB", "zone", "z1")),
                        expect("nodeA", OK, "nodeB", AFFINITY)),
                Arguments.of("a pod not matching its own affinity cannot start a group",
                        pod("p").label("foo", "baz").affinity(term("region", in("foo", "bar"))).build(), List.of(),
                        List.of(node("nodeA", "region", "China")), expect("nodeA", AFFINITY)),
                Arguments.of("anti-affinity keeps the pod out of the whole region of a matching pod",
                        pod("p").namespace("NS1").label("foo", "123").antiAffinity(term("region", in("foo", "bar"))).build(),
                        List.of(pod("e1").namespace("NS1").label("foo", "bar").node("nodeA").build(),
                                pod("e2").namespace("NS2").node("nodeC").antiAffinity(term("region", in("foo", "123"))).build()),
                        chinaChinaIndia, expect("nodeA", ANTI, "nodeB", ANTI, "nodeC", OK)),
                Arguments.of("the incoming pod violates each existing pod's anti-affinity on every node",
                        pod("p").label("foo", "").label("bar", "").build(),
                        List.of(pod("e1").node("nodeA").antiAffinity(term("zone", exists("foo"))).build(),
                                pod("e2").node("nodeA").antiAffinity(term("region", exists("bar"))).build()),
                        twoZones, expect("nodeA", EXISTING, "nodeB", EXISTING)),
                Arguments.of("the incoming pod's anti-affinity terms each match a pod somewhere",
                        pod("p").antiAffinity(term("zone", exists("foo"))).antiAffinity(term("region", exists("bar"))).build(),
                        List.of(pod("e1").label("foo", "").node("nodeA").build(), pod("e2").label("bar", "").node("nodeB").build()),
                        twoZones, expect("nodeA", ANTI, "nodeB", ANTI)),
                Arguments.of("an existing term with a topology key no node has only applies where the key exists",
                        pod("p").label("foo", "").label("bar", "").build(),
                        List.of(pod("e1").node("nodeA").antiAffinity(term("invalid-node-label", exists("foo")))
                                .antiAffinity(term("zone", exists("bar"))).build()),
                        twoZones, expect("nodeA", EXISTING, "nodeB", OK)),
                Arguments.of("an incoming term with a topology key no node has never rejects",
                        pod("p").antiAffinity(term("invalid-node-label", exists("foo"))).antiAffinity(term("zone", exists("bar")))
                                .build(), List.of(pod("podA").label("foo", "").label("bar", "").node("nodeA").build()),
                        twoZones, expect("nodeA", ANTI, "nodeB", OK)),
                Arguments.of("existing pods on two zones reject the pod there; the third zone fits",
                        pod("p").label("foo", "").label("bar", "").build(),
                        List.of(pod("e1").node("nodeA").antiAffinity(term("zone", exists("foo"))).antiAffinity(term("zone", exists("labelA"))).build(),
                                pod("e2").node("nodeB").antiAffinity(term("zone", exists("bar"))).antiAffinity(term("zone", exists("labelB"))).build()),
                        List.of(twoZones.get(0), twoZones.get(1), node("nodeC", "region", "r1", "zone", "z3", "hostname", "nodeC")),
                        expect("nodeA", EXISTING, "nodeB", EXISTING, "nodeC", OK)),
                Arguments.of("affinity terms are matched by one pod, then each topology key is checked",
                        pod("p").affinity(term("region", exists("foo"))).affinity(term("zone", exists("bar"))).build(),
                        List.of(pod("pod1").label("foo", "").label("bar", "").node("nodeA").build()),
                        List.of(node("nodeA", "region", "r1", "zone", "z1"), node("nodeB", "region", "r1", "zone", "z1")),
                        expect("nodeA", OK, "nodeB", OK)),
                Arguments.of("affinity terms must be satisfied by the same pod",
                        pod("p").affinity(term("region", exists("foo"))).affinity(term("zone", exists("bar"))).build(),
                        List.of(pod("pod1").label("foo", "").node("nodeA").build(), pod("pod2").label("bar", "").node("nodeB").build()),
                        twoZones, expect("nodeA", AFFINITY, "nodeB", AFFINITY)),
                Arguments.of("a namespaceSelector {} makes anti-affinity cover every namespace",
                        pod("p").antiAffinity(withNamespaceSelector(term("zone", exists("foo")), everyNamespace)).build(),
                        List.of(pod("e1").namespace("other").label("foo", "").node("nodeA").build()), twoZones,
                        expect("nodeA", ANTI, "nodeB", OK)),
                Arguments.of("a namespaceSelector with requirements selects no namespace (namespaces are not watched)",
                        pod("p").antiAffinity(withNamespaceSelector(term("zone", exists("foo")), teamOne)).build(),
                        List.of(pod("e1").namespace("other").label("foo", "").node("nodeA").build(),
                                pod("e2").label("foo", "").node("nodeB").build()), twoZones,
                        expect("nodeA", OK, "nodeB", OK)),
                Arguments.of("listed namespaces plus a namespaceSelector still match the listed ones",
                        pod("p").antiAffinity(withNamespaceSelector(inNamespaces(term("zone", exists("foo")), "other"), teamOne)).build(),
                        List.of(pod("e1").namespace("other").label("foo", "").node("nodeA").build()), twoZones,
                        expect("nodeA", ANTI, "nodeB", OK)),
                Arguments.of("an existing pod's anti-affinity with namespaceSelector {} rejects pods of any namespace",
                        pod("p").namespace("team-b").label("foo", "").build(),
                        List.of(pod("e1").namespace("team-a").node("nodeA")
                                .antiAffinity(withNamespaceSelector(term("zone", exists("foo")), everyNamespace)).build()),
                        twoZones, expect("nodeA", EXISTING, "nodeB", OK)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"singleNode", "multipleNodes"})
    void filtersNodesAsUpstream(String name, Pod pod, List<Pod> existing, List<Node> nodes, Map<String, String> expected) {
        Snapshot snapshot = TestPod.snapshot(nodes, existing);
        CycleState state = new CycleState();
        assertThat(plugin.preFilter(state, pod, snapshot).code()).isEqualTo(Code.SUCCESS);

        Map<String, String> actual = new LinkedHashMap<>();
        for (Node node : nodes) {
            Status status = plugin.filter(state, pod, snapshot.get(node.getMetadata().getName()));
            actual.put(node.getMetadata().getName(), status.isSuccess() ? OK : String.join(", ", status.reasons()));
            if (!status.isSuccess()) {
                // Evicting pods can never create a pod to be affine to, so preemption is told not to try.
                assertThat(status.code()).isEqualTo(status.reasons().contains(AFFINITY)
                        ? Code.UNSCHEDULABLE_AND_UNRESOLVABLE : Code.UNSCHEDULABLE);
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    static Stream<Arguments> skipped() {
        Node node1 = node("node1", "region", "r1", "zone", "z11");
        return Stream.of(
                Arguments.of("a pod without required terms on an empty node", pod("p").build(), List.of(), node1),
                Arguments.of("an existing pod whose anti-affinity does not match the incoming pod",
                        pod("p").label("service", "securityscan").build(),
                        List.of(pod("existing").label("service", "securityscan").node("node1")
                                .antiAffinity(term("zone", notIn("service", "securityscan", "value2"))).build()), node1),
                Arguments.of("an existing anti-affinity term whose topology key the node lacks", pod("p").label("foo", "").build(),
                        List.of(pod("existing").node("node1").antiAffinity(term("invalid-node-label", exists("foo"))).build()),
                        node1),
                Arguments.of("a pod with only preferred terms",
                        pod("p").preferredAffinity(5, term("region", exists("foo"))).build(), List.of(), node1));
    }

    @ParameterizedTest(name = "PreFilter skips: {0}")
    @MethodSource("skipped")
    void preFilterSkipsWhenNothingCanReject(String name, Pod pod, List<Pod> existing, Node node) {
        Status status = plugin.preFilter(new CycleState(), pod, TestPod.snapshot(List.of(node), existing));

        assertThat(status.isSkip()).isTrue();
    }

    @Test
    void preFilterRejectsAPodWithAnInvalidLabelValue() {
        Pod pod = pod("p").label("service", "securityscan").affinity(term("region", in("service", "{{.bad-value.}}")))
                .affinity(term("node", in("service", "antivirusscan", "value2"))).build();

        Status status = plugin.preFilter(new CycleState(), pod, TestPod.snapshot(List.of(node("node1")), List.of()));

        assertThat(status.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(status.message()).startsWith("parsing pod: requiredAffinityTerms: values[0][service]: Invalid value: "
                + "\"{{.bad-value.}}\": a valid label must be an empty string");
    }

    @Test
    void filterWithoutPreFilterStateIsAnError() {
        Snapshot snapshot = TestPod.snapshot(List.of(node("node1")), List.of());

        Status status = plugin.filter(new CycleState(), pod("p").build(), snapshot.get("node1"));

        assertThat(status.code()).isEqualTo(Code.ERROR);
        assertThat(status.message()).contains("PreFilterInterPodAffinity");
    }
}
