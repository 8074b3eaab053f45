package dev.capstan.scheduling.plugins.podtopologyspread;

import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.BAR;
import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.FOO;
import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.node;
import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.pod;
import static dev.capstan.scheduling.plugins.podtopologyspread.TestPod.tainted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import dev.capstan.scheduling.Status.Code;
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

/** Filter cases from upstream's TestSingleConstraint/TestMultipleConstraints (podtopologyspread/filtering_test.go). */
class PodTopologySpreadFilterTest {

    private static final String DNS = SpreadConstraint.DO_NOT_SCHEDULE;
    private static final Code OK = Code.SUCCESS;
    private static final Code NO = Code.UNSCHEDULABLE;
    private static final Code NEVER = Code.UNSCHEDULABLE_AND_UNRESOLVABLE;

    private final PodTopologySpread plugin = new PodTopologySpread();

    static List<Node> fourNodesTwoZones() {
        return List.of(node("node-a", "zone", "zone1", "node", "node-a"), node("node-b", "zone", "zone1", "node", "node-b"),
                node("node-x", "zone", "zone2", "node", "node-x"), node("node-y", "zone", "zone2", "node", "node-y"));
    }

    static List<Pod> spread(String... nodeAndCount) {
        List<Pod> pods = new java.util.ArrayList<>();
        for (int i = 0; i < nodeAndCount.length; i += 2) {
            for (int n = 0; n < Integer.parseInt(nodeAndCount[i + 1]); n++) {
                pods.add(pod("p-" + nodeAndCount[i] + n).node(nodeAndCount[i]).label("foo", "").build());
            }
        }
        return pods;
    }

    static Map<String, Code> expect(Object... nodeAndCode) {
        Map<String, Code> map = new LinkedHashMap<>();
        for (int i = 0; i < nodeAndCode.length; i += 2) {
            map.put((String) nodeAndCode[i], (Code) nodeAndCode[i + 1]);
        }
        return map;
    }

    static Stream<Arguments> cases() {
        Pod zoneFoo = pod("p").label("foo", "").spread(1, "zone", DNS, FOO).build();
        Pod nodeFoo = pod("p").label("foo", "").spread(1, "node", DNS, FOO).build();
        List<Node> threeNodes = List.of(node("node-a", "node", "node-a"), node("node-b", "node", "node-b"),
                node("node-c", "node", "node-c"));
        List<Node> nodesWithFoo = List.of(node("node-a", "node", "node-a", "foo", ""), node("node-b", "node", "node-b", "foo", ""),
                node("node-x", "node", "node-x", "foo", ""), node("node-y", "node", "node-y"));
        List<Pod> oneOneZeroOne = List.of(pod("p-b1").node("node-a").label("foo", "").build(),
                pod("p-b2").node("node-b").label("foo", "").build(), pod("p-y1").node("node-y").label("foo", "").build());
        return Stream.of(
                Arguments.of("no existing pods: every node fits", zoneFoo, fourNodesTwoZones(), List.of(),
                        expect("node-a", OK, "node-b", OK, "node-x", OK, "node-y", OK)),
                Arguments.of("no existing pods and the pod does not match itself: every node fits",
                        pod("p").label("foo", "").spread(1, "zone", DNS, BAR).build(), fourNodesTwoZones(), List.of(),
                        expect("node-a", OK, "node-b", OK, "node-x", OK, "node-y", OK)),
                Arguments.of("existing pods in a different namespace do not count", zoneFoo, fourNodesTwoZones(),
                        List.of(pod("p-a1").namespace("ns1").node("node-a").label("foo", "").build(),
                                pod("p-b1").namespace("ns2").node("node-a").label("foo", "").build(),
                                pod("p-x1").node("node-x").label("foo", "").build(),
                                pod("p-y1").node("node-y").label("foo", "").build()),
                        expect("node-a", OK, "node-b", OK, "node-x", NO, "node-y", NO)),
                Arguments.of("existing pods do not match a null selector: every node fits",
                        pod("p").label("foo", "").spread(1, "zone", DNS, null).build(), fourNodesTwoZones(),
                        spread("node-x", "1", "node-y", "1"), expect("node-a", OK, "node-b", OK, "node-x", OK, "node-y", OK)),
                Arguments.of("pods spread across zones as 3/3: every node fits", zoneFoo, fourNodesTwoZones(),
                        spread("node-a", "2", "node-b", "1", "node-y", "3"),
                        expect("node-a", OK, "node-b", OK, "node-x", OK, "node-y", OK)),
                Arguments.of("pods spread across zones as 1/2 because node-b lacks the zone label", zoneFoo,
                        List.of(node("node-a", "zone", "zone1", "node", "node-a"), node("node-b", "zon", "zone1", "node", "node-b"),
                                node("node-x", "zone", "zone2", "node", "node-x"), node("node-y", "zone", "zone2", "node", "node-y")),
                        spread("node-a", "1", "node-b", "1", "node-x", "1", "node-y", "1"),
                        expect("node-a", OK, "node-b", NEVER, "node-x", NO, "node-y", NO)),
                Arguments.of("no node has the rack label: every node is unresolvable",
                        pod("p").label("foo", "").spread(1, "rack", DNS, FOO).build(),
                        List.of(node("node-a", "zone", "zone1"), node("node-x", "zone", "zone2")), List.of(),
                        expect("node-a", NEVER, "node-x", NEVER)),
                Arguments.of("pods spread across nodes as 2/1/0/3: only node-x fits", nodeFoo, fourNodesTwoZones(),
                        spread("node-a", "2", "node-b", "1", "node-y", "3"),
                        expect("node-a", NO, "node-b", NO, "node-x", OK, "node-y", NO)),
                Arguments.of("pods spread across nodes as 2/1/0/3 with maxSkew 2: node-b and node-x fit",
                        pod("p").label("foo", "").spread(2, "node", DNS, FOO).build(), fourNodesTwoZones(),
                        spread("node-a", "2", "node-b", "1", "node-y", "3"),
                        expect("node-a", NO, "node-b", OK, "node-x", OK, "node-y", NO)),
                Arguments.of("pods spread as 2/1/0/3 but the pod does not match itself: node-b and node-x fit",
                        pod("p").label("bar", "").spread(1, "node", DNS, FOO).build(), fourNodesTwoZones(),
                        spread("node-a", "2", "node-b", "1", "node-y", "3"),
                        expect("node-a", NO, "node-b", OK, "node-x", OK, "node-y", NO)),
                Arguments.of("node affinity restricts domains to node-a and node-y (2/~1~/~0~/3): node-a fits",
                        pod("p").label("foo", "").nodeAffinity("node", "In", "node-a", "node-y").spread(1, "node", DNS, FOO).build(),
                        fourNodesTwoZones(), spread("node-a", "2", "node-b", "1", "node-y", "3"),
                        expect("node-a", OK, "node-b", OK, "node-x", OK, "node-y", NO)),
                Arguments.of("terminating pods are not counted", nodeFoo,
                        List.of(node("node-a", "node", "node-a"), node("node-b", "node", "node-b")),
                        List.of(pod("p-a").node("node-a").label("foo", "").terminating().build(),
                                pod("p-b").node("node-b").label("foo", "").build()),
                        expect("node-a", OK, "node-b", NO)),
                Arguments.of("node affinity NotIn node-b, pods spread as 0/~2~/0/1: zone1 fits",
                        pod("p").label("foo", "").nodeAffinity("node", "NotIn", "node-b").spread(1, "zone", DNS, FOO).build(),
                        fourNodesTwoZones(), spread("node-b", "2", "node-y", "1"),
                        expect("node-a", OK, "node-b", OK, "node-x", NO, "node-y", NO)),
                Arguments.of("2/2/1 with maxSkew 2 and fewer domains than minDomains: only the third node fits",
                        pod("p").label("foo", "").spread(2, "node", DNS, FOO, 4, null, null).build(), threeNodes,
                        spread("node-a", "2", "node-b", "2", "node-c", "1"), expect("node-a", NO, "node-b", NO, "node-c", OK)),
                Arguments.of("2/2/1 with maxSkew 2 and more domains than minDomains: every node fits",
                        pod("p").label("foo", "").spread(2, "node", DNS, FOO, 2, null, null).build(), threeNodes,
                        spread("node-a", "2", "node-b", "2", "node-c", "1"), expect("node-a", OK, "node-b", OK, "node-c", OK)),
                Arguments.of("zones 2/1 with maxSkew 2 and fewer domains than minDomains: zone2 fits",
                        pod("p").label("foo", "").spread(2, "zone", DNS, FOO, 3, null, null).build(), fourNodesTwoZones(),
                        spread("node-a", "1", "node-b", "1", "node-y", "1"),
                        expect("node-a", NO, "node-b", NO, "node-x", OK, "node-y", OK)),
                Arguments.of("nodeAffinityPolicy Honor with a nodeSelector: 1/1/0/~0~",
                        pod("p").label("foo", "").nodeSelector("foo", "").spread(1, "node", DNS, FOO).build(), nodesWithFoo,
                        oneOneZeroOne, expect("node-a", NO, "node-b", NO, "node-x", OK, "node-y", OK)),
                Arguments.of("nodeAffinityPolicy Ignore with a nodeSelector: 1/1/0/1",
                        pod("p").label("foo", "").nodeSelector("foo", "").spread(1, "node", DNS, FOO, null, "Ignore", null).build(),
                        nodesWithFoo, oneOneZeroOne, expect("node-a", NO, "node-b", NO, "node-x", OK, "node-y", NO)),
                Arguments.of("nodeAffinityPolicy Honor with node affinity: 1/1/0/~0~",
                        pod("p").label("foo", "").nodeAffinity("foo", "In", "").spread(1, "node", DNS, FOO).build(), nodesWithFoo,
                        oneOneZeroOne, expect("node-a", NO, "node-b", NO, "node-x", OK, "node-y", OK)),
                Arguments.of("nodeTaintsPolicy Honor leaves the tainted node out: 1/1/0/~0~",
                        pod("p").label("foo", "").spread(1, "node", DNS, FOO, null, null, "Honor").build(),
                        List.of(nodesWithFoo.get(0), nodesWithFoo.get(1), nodesWithFoo.get(2), tainted(node("node-y", "node", "node-y"))),
                        oneOneZeroOne, expect("node-a", NO, "node-b", NO, "node-x", OK, "node-y", OK)),
                Arguments.of("nodeTaintsPolicy Ignore (default) counts the tainted node: 1/1/0/1",
                        pod("p").label("foo", "").spread(1, "node", DNS, FOO).build(),
                        List.of(nodesWithFoo.get(0), nodesWithFoo.get(1), nodesWithFoo.get(2), tainted(node("node-y", "node", "node-y"))),
                        oneOneZeroOne, expect("node-a", NO, "node-b", NO, "node-x", OK, "node-y", NO)),
                // TestMultipleConstraints: zone 3/~1~... each constraint must hold.
                Arguments.of("two constraints, zones 3/3 and nodes 2/1/0/3: only node-x fits",
                        pod("p").label("foo", "").spread(1, "zone", DNS, FOO).spread(1, "node", DNS, FOO).build(),
                        fourNodesTwoZones(), spread("node-a", "2", "node-b", "1", "node-y", "3"),
                        expect("node-a", NO, "node-b", NO, "node-x", OK, "node-y", NO)),
                Arguments.of("two constraints, zones 4/4 (node-x full) and nodes 2/2/3/1: only node-y fits",
                        pod("p").label("foo", "").spread(1, "zone", DNS, FOO).spread(1, "node", DNS, FOO).build(),
                        fourNodesTwoZones(), spread("node-a", "2", "node-b", "2", "node-x", "3", "node-y", "1"),
                        expect("node-a", NO, "node-b", NO, "node-x", NO, "node-y", OK)),
                Arguments.of("two constraints with different selectors: zone 1/2 by foo, nodes 0/0/1/1 by bar",
                        pod("p").label("foo", "").label("bar", "").spread(1, "zone", DNS, FOO).spread(1, "node", DNS, BAR).build(),
                        fourNodesTwoZones(),
                        List.of(pod("p-a1").node("node-a").label("foo", "").build(),
                                pod("p-x1").node("node-x").label("foo", "").label("bar", "").build(),
                                pod("p-y1").node("node-y").label("foo", "").label("bar", "").build()),
                        expect("node-a", OK, "node-b", OK, "node-x", NO, "node-y", NO)),
                Arguments.of("matchLabelKeys narrows the selector to the pod's own revision",
                        pod("p").label("foo", "").label("rev", "2").spread(1, "node", DNS, FOO, null, null, null, "rev").build(),
                        List.of(node("node-a", "node", "node-a"), node("node-b", "node", "node-b")),
                        List.of(pod("p-a1").node("node-a").label("foo", "").label("rev", "1").build(),
                                pod("p-a2").node("node-a").label("foo", "").label("rev", "1").build(),
                                pod("p-b1").node("node-b").label("foo", "").label("rev", "2").build()),
                        expect("node-a", OK, "node-b", NO)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filtersNodesAsUpstream(String name, Pod pod, List<Node> nodes, List<Pod> existing, Map<String, Code> expected) {
        Snapshot snapshot = TestPod.snapshot(nodes, existing);
        CycleState state = new CycleState();
        assertThat(plugin.preFilter(state, pod, snapshot).code()).isEqualTo(Code.SUCCESS);

        Map<String, Code> actual = new LinkedHashMap<>();
        for (Node node : nodes) {
            Status status = plugin.filter(state, pod, snapshot.get(node.getMetadata().getName()));
            actual.put(node.getMetadata().getName(), status.code());
            if (status.code() == NO) {
                assertThat(status.reasons()).containsExactly("node(s) didn't match pod topology spread constraints");
            } else if (status.code() == NEVER) {
                assertThat(status.reasons())
                        .containsExactly("node(s) didn't match pod topology spread constraints (missing required label)");
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void preFilterSkipsAPodWithoutHardConstraints() {
        Pod soft = pod("p").label("foo", "").spread(1, "zone", SpreadConstraint.SCHEDULE_ANYWAY, FOO).build();
        Snapshot snapshot = TestPod.snapshot(fourNodesTwoZones(), List.of());

        assertThat(plugin.preFilter(new CycleState(), soft, snapshot).isSkip()).isTrue();
        assertThat(plugin.preFilter(new CycleState(), pod("plain").build(), snapshot).isSkip()).isTrue();
    }

    @Test
    void preFilterFailsOnAnInvalidLabelSelector() {
        Pod invalid = pod("p").spread(1, "zone", DNS, new LabelSelectorBuilder().addNewMatchExpression().withKey("foo")
                .withOperator("In").withValues("{{.bad-value.}}").endMatchExpression().build()).build();

        Status status = plugin.preFilter(new CycleState(), invalid, TestPod.snapshot(fourNodesTwoZones(), List.of()));

        assertThat(status.code()).isEqualTo(Code.ERROR);
        assertThat(status.message()).startsWith("obtaining pod's hard topology spread constraints: ")
                .contains("Invalid value: \"{{.bad-value.}}\"");
    }

    @Test
    void filterWithoutPreFilterStateIsAnError() {
        Snapshot snapshot = TestPod.snapshot(fourNodesTwoZones(), List.of());

        Status status = plugin.filter(new CycleState(), pod("p").build(), snapshot.get("node-a"));

        assertThat(status.code()).isEqualTo(Code.ERROR);
    }
}
