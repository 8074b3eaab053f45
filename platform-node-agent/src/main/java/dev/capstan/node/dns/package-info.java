/**
 * Cluster DNS: answers the names of the Kubernetes DNS-Based Service Discovery specification
 * ({@code <svc>.<ns>.svc.<zone>}, SRV, headless endpoints, ExternalName CNAMEs, {@code <a-b-c-d>.<ns>.pod.<zone>},
 * PTR for cluster IPs) from a {@link dev.capstan.node.dns.ServiceDirectory} and forwards everything else to
 * upstream resolvers, behaving like CoreDNS's {@code kubernetes} + {@code forward} plugins. Entry point:
 * {@link dev.capstan.node.dns.ClusterDnsServer}; the pod side (resolv.conf per dnsPolicy) is
 * {@link dev.capstan.node.dns.PodDnsConfigurer}.
 */
package dev.capstan.node.dns;
