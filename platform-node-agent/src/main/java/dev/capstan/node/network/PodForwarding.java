package dev.capstan.node.network;

import dev.capstan.node.proxy.Iptables;
import java.util.List;

/**
 * Lets pod traffic through the filter table's {@code FORWARD} chain, as flannel does: a node with Docker installed
 * (or a firewall) has {@code FORWARD} policy {@code DROP}, which silently breaks pod traffic between nodes (it is
 * forwarded from the node's interface to the pod bridge) and from pods to the outside. In the filter table:
 *
 * <pre>
 * -I FORWARD -m comment --comment "capstan pod forwarding" -j CAPSTAN-POD-FWD
 * -A CAPSTAN-POD-FWD -s &lt;clusterCIDR&gt; -j ACCEPT
 * -A CAPSTAN-POD-FWD -d &lt;clusterCIDR&gt; -j ACCEPT
 * </pre>
 */
public final class PodForwarding {

    public static final String CHAIN = "CAPSTAN-POD-FWD";
    private static final List<String> JUMP = List.of("-m", "comment", "--comment", "capstan pod forwarding", "-j", CHAIN);

    private final Iptables iptables;

    public PodForwarding(Iptables iptables) {
        this.iptables = iptables;
    }

    /** Installs or updates the rules for the cluster CIDR. */
    public void apply(Ipv4Block clusterCidr) {
        iptables.restore("*filter\n"
                + ":" + CHAIN + " - [0:0]\n"
                + "-A " + CHAIN + " -s " + clusterCidr + " -j ACCEPT\n"
                + "-A " + CHAIN + " -d " + clusterCidr + " -j ACCEPT\n"
                + "COMMIT\n");
        if (!iptables.exists(Iptables.Table.FILTER, "FORWARD", JUMP)) {
            iptables.insert(Iptables.Table.FILTER, "FORWARD", JUMP);
        }
    }

    /** Removes the jump and the chain (node teardown). */
    public void remove() {
        while (iptables.delete(Iptables.Table.FILTER, "FORWARD", JUMP)) {
            // a jump added twice by hand goes too
        }
        iptables.restore("*filter\n:" + CHAIN + " - [0:0]\n-X " + CHAIN + "\nCOMMIT\n");
    }
}
