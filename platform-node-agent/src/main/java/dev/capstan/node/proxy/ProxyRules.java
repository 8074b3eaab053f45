package dev.capstan.node.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static dev.capstan.node.proxy.ChainNames.EXTERNAL_SERVICES;
import static dev.capstan.node.proxy.ChainNames.FIREWALL;
import static dev.capstan.node.proxy.ChainNames.FORWARD;
import static dev.capstan.node.proxy.ChainNames.MARK_MASQ;
import static dev.capstan.node.proxy.ChainNames.MASQ_MARK;
import static dev.capstan.node.proxy.ChainNames.NODEPORTS;
import static dev.capstan.node.proxy.ChainNames.POSTROUTING;
import static dev.capstan.node.proxy.ChainNames.SERVICES;
import static dev.capstan.node.proxy.Iptables.Table.FILTER;
import static dev.capstan.node.proxy.Iptables.Table.NAT;

/**
 * Computes Capstan's iptables rules from Services and EndpointSlices, following kube-proxy's iptables proxier
 * ({@code pkg/proxy/iptables/proxier.go}) chain for chain. Pure: no I/O, same input gives the same text.
 *
 * <pre>
 * nat PREROUTING/OUTPUT -> CAPSTAN-SERVICES
 *     cluster IP:port            -> CAPSTAN-SVC-x
 *     external IP:port           -> CAPSTAN-MARK-MASQ, CAPSTAN-SVC-x
 *     (last) dst-type LOCAL      -> CAPSTAN-NODEPORTS: nodePort -> CAPSTAN-MARK-MASQ, CAPSTAN-SVC-x
 * CAPSTAN-SVC-x: mark masq, [affinity: recent --rcheck -> SEP], statistic 1/n, 1/(n-1) ... -> CAPSTAN-SEP-y
 * CAPSTAN-SEP-y: hairpin (-s self) -> mark masq; DNAT to endpoint [recent --set]
 * nat POSTROUTING -> CAPSTAN-POSTROUTING: MASQUERADE packets marked 0x4000
 * filter: services without ready endpoints are REJECTed (CAPSTAN-SERVICES, CAPSTAN-EXTERNAL-SERVICES)
 * </pre>
 */
public final class ProxyRules {

    private static final String REJECT = "-j REJECT --reject-with icmp-port-unreachable";

    private ProxyRules() {
    }

    /** The full rule set for the given cluster state. */
    public static ProxyRuleSet build(List<Service> services, List<EndpointSlice> slices, ProxySettings settings) {
        ProxyRuleSet rules = new ProxyRuleSet();
        for (String chain : List.of(SERVICES, NODEPORTS, POSTROUTING, MARK_MASQ)) {
            rules.declare(NAT, chain);
        }
        for (String chain : List.of(SERVICES, EXTERNAL_SERVICES, FORWARD, FIREWALL)) {
            rules.declare(FILTER, chain);
        }
        addFixedRules(rules);

        ReadyEndpoints ready = new ReadyEndpoints(slices);
        List<ProxiedServicePort> ports = new ArrayList<>();
        services.forEach(service -> ports.addAll(ProxiedServicePort.of(service)));
        ports.sort(Comparator.comparing(ProxiedServicePort::servicePortName).thenComparing(ProxiedServicePort::protocol));
        for (ProxiedServicePort port : ports) {
            List<String> endpoints = ready.of(port);
            if (endpoints.isEmpty()) {
                addRejects(rules, port);
            } else {
                addServicePort(rules, port, endpoints, settings);
            }
        }
        // Node ports are matched on every local address (node IPs, 127.0.0.1, ...), so this jump has to come
        // after every cluster IP / external IP rule, as in kube-proxy.
        rules.append(NAT, SERVICES, comment("capstan service nodeports; NOTE: this must be the last rule in this chain")
                + " -m addrtype --dst-type LOCAL -j " + NODEPORTS);
        return rules;
    }

    private static void addFixedRules(ProxyRuleSet rules) {
        rules.append(NAT, MARK_MASQ, "-j MARK --or-mark " + MASQ_MARK);
        rules.append(NAT, POSTROUTING, "-m mark ! --mark " + MASQ_MARK + "/" + MASQ_MARK + " -j RETURN");
        // Clear the mark so that a packet re-traversing the stack (e.g. after encapsulation) is not masqueraded again.
        rules.append(NAT, POSTROUTING, "-j MARK --xor-mark " + MASQ_MARK);
        rules.append(NAT, POSTROUTING, comment("capstan service traffic requiring SNAT") + " -j MASQUERADE --random-fully");

        // Service traffic must be forwarded even when the FORWARD policy is DROP (Docker sets that).
        rules.append(FILTER, FORWARD, "-m conntrack --ctstate INVALID -j DROP");
        rules.append(FILTER, FORWARD, comment("capstan forwarding rules") + " -m mark --mark " + MASQ_MARK + "/"
                + MASQ_MARK + " -j ACCEPT");
        rules.append(FILTER, FORWARD, comment("capstan forwarding conntrack rule")
                + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        // route_localnet=1 (needed for node ports on 127.0.0.1) would otherwise let other hosts reach the node's
        // loopback services by sending packets addressed to 127.0.0.0/8; kube-proxy drops those the same way.
        rules.append(FILTER, FIREWALL, comment("block incoming localnet connections")
                + " -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP");
    }

    /** A service port without ready endpoints: refuse connections at once instead of letting clients time out. */
    private static void addRejects(ProxyRuleSet rules, ProxiedServicePort port) {
        String comment = comment(port.servicePortName() + " has no endpoints");
        rules.append(FILTER, SERVICES, comment + " -d " + port.clusterIp() + "/32 " + match(port, port.port()) + " " + REJECT);
        for (String ip : port.externalIps()) {
            rules.append(FILTER, EXTERNAL_SERVICES, comment + " -d " + ip + "/32 " + match(port, port.port()) + " " + REJECT);
        }
        if (port.nodePort() > 0) {
            rules.append(FILTER, EXTERNAL_SERVICES, comment + " -m addrtype --dst-type LOCAL "
                    + match(port, port.nodePort()) + " " + REJECT);
        }
    }

    private static void addServicePort(ProxyRuleSet rules, ProxiedServicePort port, List<String> endpoints,
                                       ProxySettings settings) {
        String name = port.servicePortName();
        String svc = port.serviceChain();
        String toClusterIp = "-d " + port.clusterIp() + "/32 " + match(port, port.port());

        rules.append(NAT, SERVICES, comment(name + " cluster IP") + " " + toClusterIp + " -j " + svc);
        for (String ip : port.externalIps()) {
            // Traffic from outside to an external IP must be SNATed so the reply comes back through this node.
            String toExternal = comment(name + " external IP") + " -d " + ip + "/32 " + match(port, port.port());
            rules.append(NAT, SERVICES, toExternal + " -j " + MARK_MASQ);
            rules.append(NAT, SERVICES, toExternal + " -j " + svc);
        }
        if (port.nodePort() > 0) {
            String toNodePort = comment(name) + " " + match(port, port.nodePort());
            rules.append(NAT, NODEPORTS, toNodePort + " -j " + MARK_MASQ);
            rules.append(NAT, NODEPORTS, toNodePort + " -j " + svc);
        }

        if (settings.masqueradeAll()) {
            rules.append(NAT, svc, comment(name + " cluster IP") + " " + toClusterIp + " -j " + MARK_MASQ);
        } else if (settings.clusterCidr() != null) {
            rules.append(NAT, svc, comment(name + " cluster IP") + " ! -s " + settings.clusterCidr() + " "
                    + toClusterIp + " -j " + MARK_MASQ);
        }
        if (port.affinityTimeoutSeconds() > 0) {
            // A client seen recently by an endpoint (recorded by "recent --set" in its SEP chain) goes back to it.
            for (String endpoint : endpoints) {
                String sep = port.endpointChain(endpoint);
                rules.append(NAT, svc, comment(name + " -> " + endpoint) + " -m recent --name " + sep
                        + " --rcheck --seconds " + port.affinityTimeoutSeconds() + " --reap -j " + sep);
            }
        }
        // Endpoint i is chosen with probability 1/(n-i) among those left: uniform overall; the last one takes the rest.
        int n = endpoints.size();
        for (int i = 0; i < n; i++) {
            String endpoint = endpoints.get(i);
            String sep = port.endpointChain(endpoint);
            String statistic = i < n - 1
                    ? " -m statistic --mode random --probability " + String.format(Locale.ROOT, "%.10f", 1.0 / (n - i))
                    : "";
            rules.append(NAT, svc, comment(name + " -> " + endpoint) + statistic + " -j " + sep);
        }
        for (String endpoint : endpoints) {
            String sep = port.endpointChain(endpoint);
            String ip = endpoint.substring(0, endpoint.lastIndexOf(':'));
            // Hairpin: an endpoint calling its own service must see the reply come from the service, not itself.
            rules.append(NAT, sep, comment(name) + " -s " + ip + "/32 -j " + MARK_MASQ);
            String affinity = port.affinityTimeoutSeconds() > 0 ? " -m recent --name " + sep + " --set" : "";
            rules.append(NAT, sep, comment(name) + " -p " + port.iptablesProtocol() + affinity + " -m "
                    + port.iptablesProtocol() + " -j DNAT --to-destination " + endpoint);
        }
    }

    private static String match(ProxiedServicePort port, int dport) {
        String protocol = port.iptablesProtocol();
        return "-p " + protocol + " -m " + protocol + " --dport " + dport;
    }

    private static String comment(String text) {
        return "-m comment --comment \"" + text + "\"";
    }
}
