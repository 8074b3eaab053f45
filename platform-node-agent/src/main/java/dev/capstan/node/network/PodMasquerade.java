package dev.capstan.node.network;

import dev.capstan.node.proxy.Iptables;
import java.util.List;

/**
 * Source NAT for pod traffic leaving the cluster, and only for that. The CNI bridge plugin's {@code ipMasq}
 * masquerades everything that leaves the node's own pod subnet, so a pod on another node would see this node's IP
 * instead of the pod's (the Kubernetes network model wants no NAT between pods); the agent therefore turns
 * {@code ipMasq} off in its conflist and installs, in the nat table:
 *
 * <pre>
 * -A POSTROUTING -m comment --comment "capstan pod masquerade" -j CAPSTAN-POD-MASQ
 * -A CAPSTAN-POD-MASQ ! -s &lt;podCIDR&gt; -j RETURN
 * -A CAPSTAN-POD-MASQ -d &lt;clusterCIDR&gt; -j RETURN     (pods on any node)
 * -A CAPSTAN-POD-MASQ -d &lt;podCIDR&gt; -j RETURN         (in case it lies outside the cluster CIDR)
 * -A CAPSTAN-POD-MASQ -d 224.0.0.0/4 -j RETURN          (multicast, as the bridge plugin)
 * -A CAPSTAN-POD-MASQ -j MASQUERADE
 * </pre>
 *
 * The chain is rewritten as a whole with {@code iptables-restore --noflush}, so a changed pod CIDR replaces the old
 * rules atomically; the jump does not depend on the CIDRs and is added once.
 */
public final class PodMasquerade {

    public static final String CHAIN = "CAPSTAN-POD-MASQ";
    private static final List<String> JUMP = List.of("-m", "comment", "--comment", "capstan pod masquerade", "-j", CHAIN);

    private final Iptables iptables;

    public PodMasquerade(Iptables iptables) {
        this.iptables = iptables;
    }

    /** Installs or updates the rules for this node's pod CIDR. */
    public void apply(Ipv4Block podCidr, Ipv4Block clusterCidr) {
        iptables.restore(rules(podCidr, clusterCidr));
        if (!iptables.exists(Iptables.Table.NAT, "POSTROUTING", JUMP)) {
            iptables.insert(Iptables.Table.NAT, "POSTROUTING", JUMP);
        }
    }

    /** Removes the jump and the chain (node teardown). */
    public void remove() {
        while (iptables.delete(Iptables.Table.NAT, "POSTROUTING", JUMP)) {
            // a jump added twice by hand goes too
        }
        iptables.restore("*nat\n:" + CHAIN + " - [0:0]\n-X " + CHAIN + "\nCOMMIT\n");
    }

    static String rules(Ipv4Block podCidr, Ipv4Block clusterCidr) {
        return "*nat\n"
                + ":" + CHAIN + " - [0:0]\n"
                + "-A " + CHAIN + " ! -s " + podCidr + " -j RETURN\n"
                + "-A " + CHAIN + " -d " + clusterCidr + " -j RETURN\n"
                + "-A " + CHAIN + " -d " + podCidr + " -j RETURN\n"
                + "-A " + CHAIN + " -d 224.0.0.0/4 -j RETURN\n"
                + "-A " + CHAIN + " -j MASQUERADE\n"
                + "COMMIT\n";
    }
}
