package dev.capstan.node.proxy;

import java.util.List;

import static dev.capstan.node.proxy.ChainNames.EXTERNAL_SERVICES;
import static dev.capstan.node.proxy.ChainNames.FIREWALL;
import static dev.capstan.node.proxy.ChainNames.FORWARD;
import static dev.capstan.node.proxy.ChainNames.POSTROUTING;
import static dev.capstan.node.proxy.ChainNames.SERVICES;
import static dev.capstan.node.proxy.Iptables.Table.FILTER;
import static dev.capstan.node.proxy.Iptables.Table.NAT;

/**
 * A rule in a built-in chain that jumps to a Capstan chain. These are the only rules Capstan places in chains it
 * does not own, so they are checked and inserted one by one instead of being restored.
 *
 * @param table      the table
 * @param builtin    the built-in chain ({@code PREROUTING}, {@code INPUT}, ...)
 * @param rule       the rule arguments after the chain name, ending in {@code -j CAPSTAN-...}
 */
public record JumpRule(Iptables.Table table, String builtin, List<String> rule) {

    /** The same hooks kube-proxy installs (its {@code iptablesJumpChains}), pointing at Capstan's chains. */
    public static final List<JumpRule> ALL = List.of(
            new JumpRule(NAT, "PREROUTING", jump(SERVICES, "capstan service portals")),
            new JumpRule(NAT, "OUTPUT", jump(SERVICES, "capstan service portals")),
            new JumpRule(NAT, "POSTROUTING", jump(POSTROUTING, "capstan postrouting rules")),
            new JumpRule(FILTER, "INPUT", newConnections(EXTERNAL_SERVICES, "capstan externally-visible service portals")),
            new JumpRule(FILTER, "FORWARD", newConnections(EXTERNAL_SERVICES, "capstan externally-visible service portals")),
            new JumpRule(FILTER, "FORWARD", newConnections(SERVICES, "capstan service portals")),
            new JumpRule(FILTER, "OUTPUT", newConnections(SERVICES, "capstan service portals")),
            new JumpRule(FILTER, "FORWARD", jump(FORWARD, "capstan forwarding rules")),
            new JumpRule(FILTER, "INPUT", jump(FIREWALL, "capstan firewall")),
            new JumpRule(FILTER, "OUTPUT", jump(FIREWALL, "capstan firewall")));

    public JumpRule {
        rule = List.copyOf(rule);
    }

    /** The Capstan chain this rule jumps to. */
    public String target() {
        return rule.get(rule.size() - 1);
    }

    private static List<String> jump(String chain, String comment) {
        return List.of("-m", "comment", "--comment", comment, "-j", chain);
    }

    // Rejects only need the first packet of a connection; matching NEW keeps established traffic off the chain.
    private static List<String> newConnections(String chain, String comment) {
        return List.of("-m", "conntrack", "--ctstate", "NEW", "-m", "comment", "--comment", comment, "-j", chain);
    }
}
