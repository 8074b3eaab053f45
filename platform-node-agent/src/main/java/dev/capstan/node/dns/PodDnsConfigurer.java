package dev.capstan.node.dns;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Computes a pod's {@link PodDnsConfig} from its {@code dnsPolicy} and {@code dnsConfig}, as the upstream
 * kubelet does (pkg/kubelet/network/dns/dns.go, {@code GetPodDNS}):
 * <ul>
 *   <li>{@code ClusterFirst} (the default; {@code Default} for host-network pods) and
 *       {@code ClusterFirstWithHostNet}: the cluster DNS servers, searches
 *       {@code <ns>.svc.<zone> svc.<zone> <zone>} followed by the host's, options {@code ndots:5}. Without a
 *       cluster DNS IP the kubelet falls back to {@code Default}.</li>
 *   <li>{@code Default}: the node's resolv.conf (the kubelet's {@code --resolv-conf}); with no resolv.conf
 *       configured, the local host ({@code 127.0.0.1}) and search ".".</li>
 *   <li>{@code None}: nothing but {@code spec.dnsConfig}.</li>
 * </ul>
 * Then {@code spec.dnsConfig} is appended (duplicates dropped; its options override same-named ones), and
 * the result is cut to the API limits: 3 nameservers, 32 search domains of at most 253 characters and 2048
 * characters in total.
 */
public final class PodDnsConfigurer {

    static final int MAX_NAMESERVERS = 3;
    static final int MAX_SEARCH_PATHS = 32;
    static final int MAX_SEARCH_LIST_CHARS = 2048;
    static final int MAX_DOMAIN_LENGTH = 253;
    private static final List<String> CLUSTER_FIRST_OPTIONS = List.of("ndots:5");

    private final List<String> clusterDnsServers;
    private final String clusterDomain;
    private final ResolvConf hostResolvConf;

    /**
     * @param clusterDnsServers the cluster DNS service IPs (the kubelet's {@code clusterDNS}); may be empty
     * @param clusterDomain     the cluster domain (the kubelet's {@code clusterDomain}); empty means no cluster searches
     * @param hostResolvConf    the node's resolver configuration, or null when the kubelet runs with
     *                          {@code --resolv-conf=""}
     */
    public PodDnsConfigurer(List<String> clusterDnsServers, String clusterDomain, ResolvConf hostResolvConf) {
        this.clusterDnsServers = List.copyOf(clusterDnsServers);
        this.clusterDomain = clusterDomain == null ? "" : clusterDomain;
        this.hostResolvConf = hostResolvConf;
    }

    /** The DNS configuration for {@code pod}; pure, thread-safe. */
    public PodDnsConfig configFor(Pod pod) {
        List<String> servers;
        List<String> searches;
        List<String> options;
        ResolvConf host = hostResolvConf == null ? ResolvConf.empty() : hostResolvConf;
        Policy policy = policyOf(pod);
        if (policy == Policy.CLUSTER && clusterDnsServers.isEmpty()) {
            // The kubelet's fallback (with a MissingClusterDNS event): without a cluster DNS IP, host DNS.
            policy = Policy.HOST;
        }
        switch (policy) {
            case NONE -> {
                servers = new ArrayList<>();
                searches = new ArrayList<>();
                options = new ArrayList<>();
            }
            case CLUSTER -> {
                servers = new ArrayList<>(clusterDnsServers);
                searches = clusterSearches(pod.getMetadata().getNamespace(), host.searches());
                options = new ArrayList<>(CLUSTER_FIRST_OPTIONS);
            }
            default -> { // HOST
                servers = new ArrayList<>(host.nameservers());
                searches = new ArrayList<>(host.searches());
                options = new ArrayList<>(host.options());
                if (hostResolvConf == null) {
                    // kubelet with --resolv-conf="": "use the nameserver on the local machine", no searches.
                    servers = new ArrayList<>(List.of("127.0.0.1"));
                    searches = new ArrayList<>(List.of("."));
                }
            }
        }
        PodDNSConfig extra = pod.getSpec() == null ? null : pod.getSpec().getDnsConfig();
        if (extra != null) {
            servers = distinct(servers, extra.getNameservers());
            searches = distinct(searches, extra.getSearches());
            options = mergeOptions(options, extra.getOptions());
        }
        return new PodDnsConfig(fitNameservers(servers), fitSearches(searches), options);
    }

    private enum Policy { CLUSTER, HOST, NONE }

    private static Policy policyOf(Pod pod) {
        String policy = pod.getSpec() == null || pod.getSpec().getDnsPolicy() == null
                ? "ClusterFirst" : pod.getSpec().getDnsPolicy();
        boolean hostNetwork = pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        return switch (policy) {
            case "None" -> Policy.NONE;
            case "ClusterFirstWithHostNet" -> Policy.CLUSTER;
            case "Default" -> Policy.HOST;
            // ClusterFirst on the host network falls back to Default: the pod sees the node's resolver.
            // An unknown policy is treated as ClusterFirst, as the kubelet does after logging an error.
            default -> hostNetwork ? Policy.HOST : Policy.CLUSTER;
        };
    }

    private List<String> clusterSearches(String namespace, List<String> hostSearches) {
        if (clusterDomain.isEmpty()) {
            return new ArrayList<>(hostSearches);
        }
        List<String> searches = new ArrayList<>(List.of(
                namespace + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain));
        return distinct(searches, hostSearches);
    }

    private static List<String> distinct(List<String> first, List<String> then) {
        LinkedHashSet<String> all = new LinkedHashSet<>(first);
        if (then != null) {
            all.addAll(then);
        }
        return new ArrayList<>(all);
    }

    /** kubelet mergeDNSOptions: options from spec.dnsConfig override same-named existing ones. */
    private static List<String> mergeOptions(List<String> existing, List<PodDNSConfigOption> extra) {
        Map<String, String> byName = new LinkedHashMap<>();
        existing.forEach(option -> ResolvConf.putOption(byName, option));
        if (extra != null) {
            for (PodDNSConfigOption option : extra) {
                byName.put(option.getName(), option.getValue() == null ? "" : option.getValue());
            }
        }
        return ResolvConf.renderOptions(byName);
    }

    private static List<String> fitNameservers(List<String> servers) {
        return servers.size() > MAX_NAMESERVERS ? servers.subList(0, MAX_NAMESERVERS) : servers;
    }

    /** kubelet formDNSSearchFitsLimits: 32 paths, none longer than 253 characters, 2048 characters in all. */
    private static List<String> fitSearches(List<String> searches) {
        List<String> fitted = new ArrayList<>(searches.subList(0, Math.min(searches.size(), MAX_SEARCH_PATHS)));
        fitted.removeIf(search -> search.length() > MAX_DOMAIN_LENGTH);
        while (String.join(" ", fitted).length() > MAX_SEARCH_LIST_CHARS) {
            fitted.remove(fitted.size() - 1);
        }
        return fitted;
    }
}
