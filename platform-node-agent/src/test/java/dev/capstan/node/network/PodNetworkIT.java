package dev.capstan.node.network;

import static dev.capstan.node.network.Nodes.node;
import static dev.capstan.node.network.TwoNodeLab.NODE_A_IP;
import static dev.capstan.node.network.TwoNodeLab.NODE_B_IP;
import static dev.capstan.node.network.TwoNodeLab.POD_A_IP;
import static dev.capstan.node.network.TwoNodeLab.POD_B_IP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.node.proxy.Iptables;
import io.fabric8.kubernetes.api.model.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes made of network namespaces (see {@link TwoNodeLab}), each programmed by its own {@link PodRoutes} and
 * {@link PodMasquerade} through {@code ip netns exec}, exercised with real traffic between their pods. Needs root.
 */
class PodNetworkIT {

    private static final Ipv4Block CLUSTER = Ipv4Block.parse("10.42.0.0/16");

    private final Node a = node("node-a", "10.42.0.0/24", NODE_A_IP);
    private final Node b = node("node-b", "10.42.1.0/24", NODE_B_IP);
    private TwoNodeLab lab;
    private PodRoutes routesA;
    private PodRoutes routesB;

    @BeforeEach
    void buildLab(@TempDir Path docroot) throws Exception {
        assumeTrue(TwoNodeLab.supported(), "needs root and 'ip netns'");
        lab = new TwoNodeLab();
        lab.create(docroot);
        routesA = routes(lab.nodeA, "node-a");
        routesB = routes(lab.nodeB, "node-b");
        masquerade(lab.nodeA).apply(Ipv4Block.parse("10.42.0.0/24"), CLUSTER);
        masquerade(lab.nodeB).apply(Ipv4Block.parse("10.42.1.0/24"), CLUSTER);
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void podsOnTwoNodesReachEachOtherUnderTheirOwnAddresses() throws Exception {
        assertThat(TwoNodeLab.clientSeenBy(lab.podA, POD_B_IP, 8080)).startsWith("no answer");

        routesA.sync(List.of(a, b));
        routesB.sync(List.of(a, b));

        assertThat(lab.routes(lab.nodeA)).contains("10.42.1.0/24 via " + NODE_B_IP + " dev eth0 proto 67");
        assertThat(lab.routes(lab.nodeB)).contains("10.42.0.0/24 via " + NODE_A_IP + " dev eth0 proto 67");
        assertThat(TwoNodeLab.clientSeenBy(lab.podA, POD_B_IP, 8080)).isEqualTo(POD_A_IP);
    }

    @Test
    void trafficToOutsideTheClusterCidrLeavesUnderTheNodesAddress() throws Exception {
        routesA.sync(List.of(a, b));

        assertThat(TwoNodeLab.clientSeenBy(lab.podA, NODE_B_IP, 8081)).isEqualTo(NODE_A_IP);
    }

    @Test
    void aDeletedNodesRouteGoesAndRoutesTheAgentDidNotAddStay() throws Exception {
        routesA.sync(List.of(a, b));
        TwoNodeLab.ok("ip", "-n", lab.nodeA, "route", "add", "10.42.200.0/24", "via", NODE_B_IP);

        RoutePlan.Changes changes = routes(lab.nodeA, "node-a").sync(List.of(a)); // a restarted agent: nothing in memory

        assertThat(changes.delete()).containsExactly(new NodeRoute(Ipv4Block.parse("10.42.1.0/24"), NODE_B_IP));
        assertThat(lab.routes(lab.nodeA)).doesNotContain("10.42.1.0/24").contains("10.42.200.0/24 via " + NODE_B_IP);
        assertThat(TwoNodeLab.clientSeenBy(lab.podA, POD_B_IP, 8080)).startsWith("no answer");
    }

    @Test
    void aNodeThatMovedToAnotherAddressIsRoutedThere() throws Exception {
        routesA.sync(List.of(a, b));
        routesB.sync(List.of(a, b));
        TwoNodeLab.ok("ip", "-n", lab.nodeB, "addr", "add", "192.168.77.3/24", "dev", "eth0");

        routesA.sync(List.of(a, node("node-b", "10.42.1.0/24", "192.168.77.3")));

        assertThat(lab.routes(lab.nodeA)).contains("10.42.1.0/24 via 192.168.77.3").doesNotContain("via " + NODE_B_IP);
        assertThat(TwoNodeLab.clientSeenBy(lab.podA, POD_B_IP, 8080)).isEqualTo(POD_A_IP);
    }

    @Test
    void aRouteToANodeOffTheL2NetworkIsSkippedAndTheOthersAreStillSet() throws Exception {
        Node far = node("node-far", "10.42.9.0/24", "203.0.113.9");

        RoutePlan.Changes changes = routesA.sync(List.of(a, b, far));

        assertThat(changes.replace()).hasSize(2);
        assertThat(lab.routes(lab.nodeA)).contains("10.42.1.0/24 via " + NODE_B_IP).doesNotContain("10.42.9.0/24");
    }

    @Test
    void theMasqueradeRulesFollowAChangedPodCidrAndGoOnRemoval() {
        PodMasquerade masquerade = masquerade(lab.nodeA);
        Iptables iptables = new Iptables(List.of("ip", "netns", "exec", lab.nodeA));

        masquerade.apply(Ipv4Block.parse("10.42.7.0/24"), CLUSTER);
        masquerade.apply(Ipv4Block.parse("10.42.7.0/24"), CLUSTER);

        String nat = iptables.save(Iptables.Table.NAT);
        assertThat(nat).contains("! -s 10.42.7.0/24 -j RETURN").doesNotContain("10.42.0.0/24");
        assertThat(nat.lines().filter(line -> line.startsWith("-A POSTROUTING"))).hasSize(1);

        masquerade.remove();

        assertThat(iptables.save(Iptables.Table.NAT)).doesNotContain(PodMasquerade.CHAIN);
    }

    @Test
    void podTrafficPassesANodeWhoseForwardPolicyIsDrop() throws Exception {
        routesA.sync(List.of(a, b));
        routesB.sync(List.of(a, b));
        TwoNodeLab.ok("ip", "netns", "exec", lab.nodeB, "iptables", "-w", "-P", "FORWARD", "DROP"); // as Docker leaves it
        assertThat(TwoNodeLab.clientSeenBy(lab.podA, POD_B_IP, 8080)).startsWith("no answer");

        new PodForwarding(new Iptables(List.of("ip", "netns", "exec", lab.nodeB))).apply(CLUSTER);

        assertThat(TwoNodeLab.clientSeenBy(lab.podA, POD_B_IP, 8080)).isEqualTo(POD_A_IP);
    }

    private static PodRoutes routes(String ns, String nodeName) {
        return new PodRoutes(null, nodeName, CLUSTER, new IpRoutes(List.of("ip", "netns", "exec", ns)), Duration.ofMinutes(1));
    }

    private static PodMasquerade masquerade(String ns) {
        return new PodMasquerade(new Iptables(List.of("ip", "netns", "exec", ns)));
    }
}
