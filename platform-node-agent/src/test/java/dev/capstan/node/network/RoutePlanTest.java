package dev.capstan.node.network;

import static dev.capstan.node.network.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoutePlanTest {

    private static final Ipv4Block CLUSTER = Ipv4Block.parse("10.42.0.0/16");
    private static final Node SELF = node("self", "10.42.0.0/24", "192.168.1.10");

    static Stream<Arguments> otherNodes() {
        return Stream.of(
                Arguments.of("another node gets a route to its pods via its InternalIP",
                        node("b", "10.42.1.0/24", "192.168.1.11"), List.of(route("10.42.1.0/24", "192.168.1.11"))),
                Arguments.of("a node without pod CIDR gets none", node("b", null, "192.168.1.11"), List.of()),
                Arguments.of("a node without InternalIP gets none", node("b", "10.42.1.0/24", null), List.of()),
                Arguments.of("a pod CIDR outside the cluster CIDR is someone else's network",
                        node("b", "192.168.5.0/24", "192.168.1.11"), List.of()),
                Arguments.of("a pod CIDR overlapping our own stays on our bridge",
                        node("b", "10.42.0.0/23", "192.168.1.11"), List.of()),
                Arguments.of("a node claiming our InternalIP is us under another name",
                        node("b", "10.42.1.0/24", "192.168.1.10"), List.of()),
                Arguments.of("an IPv6 pod CIDR is skipped", node("b", "fd00:42::/64", "192.168.1.11"), List.of()),
                Arguments.of("only podCIDRs' first IPv4 entry counts",
                        new NodeBuilder(node("b", "10.42.1.0/24", "192.168.1.11")).editSpec()
                                .withPodCIDRs("fd00:42::/64", "10.42.1.0/24").endSpec().build(),
                        List.of(route("10.42.1.0/24", "192.168.1.11"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherNodes")
    void routesEveryOtherNodesPodCidrViaItsInternalIp(String sentence, Node other, List<NodeRoute> want) {
        assertThat(RoutePlan.desired("self", CLUSTER, List.of(SELF, other))).isEqualTo(want);
    }

    @Test
    void twoNodesClaimingOneCidrGiveOneRouteToTheFirstByName() {
        List<NodeRoute> routes = RoutePlan.desired("self", CLUSTER, List.of(SELF,
                node("z", "10.42.1.0/24", "192.168.1.12"), node("b", "10.42.1.0/24", "192.168.1.11")));
        assertThat(routes).containsExactly(route("10.42.1.0/24", "192.168.1.11"));
    }

    @Test
    void beforeOurOwnNodeIsCachedTheOthersAreStillRouted() {
        assertThat(RoutePlan.desired("self", CLUSTER, List.of(node("b", "10.42.1.0/24", "192.168.1.11"))))
                .containsExactly(route("10.42.1.0/24", "192.168.1.11"));
    }

    static Stream<Arguments> changes() {
        NodeRoute b = route("10.42.1.0/24", "192.168.1.11");
        NodeRoute bMoved = route("10.42.1.0/24", "192.168.1.21");
        NodeRoute c = route("10.42.2.0/24", "192.168.1.12");
        return Stream.of(
                Arguments.of("nothing installed: install all", List.of(b, c), List.of(), List.of(b, c), List.of()),
                Arguments.of("all installed: nothing to do", List.of(b, c), List.of(c, b), List.of(), List.of()),
                Arguments.of("a node went away: its route goes", List.of(b), List.of(b, c), List.of(), List.of(c)),
                Arguments.of("a node changed its IP: the route is re-pointed, not deleted",
                        List.of(bMoved), List.of(b), List.of(bMoved), List.of()),
                Arguments.of("no nodes: every route the agent installed goes", List.of(), List.of(b, c), List.of(), List.of(b, c)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void changesBringInstalledRoutesToTheDesiredOnes(String sentence, List<NodeRoute> desired, List<NodeRoute> installed,
                                                     List<NodeRoute> replace, List<NodeRoute> delete) {
        RoutePlan.Changes changes = RoutePlan.changes(desired, installed);
        assertThat(changes.replace()).isEqualTo(replace);
        assertThat(changes.delete()).isEqualTo(delete);
    }

    @Test
    void readsTheAgentsRoutesBackFromIpRouteShowInsideTheClusterCidrOnly() {
        String output = """
                10.42.1.0/24 via 192.168.1.11 dev eth0
                10.42.2.0/24 via 192.168.1.12 dev eth0 onlink
                10.99.0.0/24 via 192.168.1.13 dev eth0
                10.42.3.0/24 dev capstan0 scope link
                """;
        assertThat(IpRoutes.parse(output, CLUSTER)).containsExactly(
                route("10.42.1.0/24", "192.168.1.11"), route("10.42.2.0/24", "192.168.1.12"));
    }

    private static NodeRoute route(String cidr, String via) {
        return new NodeRoute(Ipv4Block.parse(cidr), via);
    }
}
