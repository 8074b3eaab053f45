package dev.capstan.node.dns;

import java.util.List;

/**
 * The DNS configuration of one pod sandbox: what the kubelet hands to the runtime as CRI
 * {@code DNSConfig} (servers, searches, options) and the runtime writes as the pod's resolv.conf.
 *
 * @param servers  nameserver addresses (at most 3)
 * @param searches search domains
 * @param options  resolver options such as {@code ndots:5}
 */
public record PodDnsConfig(List<String> servers, List<String> searches, List<String> options) {

    public PodDnsConfig {
        servers = List.copyOf(servers);
        searches = List.copyOf(searches);
        options = List.copyOf(options);
    }

    /** The pod's resolv.conf content. */
    public String resolvConf() {
        return new ResolvConf(servers, searches, options).render();
    }
}
