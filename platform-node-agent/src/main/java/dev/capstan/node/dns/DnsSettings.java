package dev.capstan.node.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the cluster DNS server listens, which zone it is authoritative for and where it forwards the rest.
 *
 * @param listenAddress   address to bind UDP and TCP to (the wildcard address listens on all interfaces)
 * @param port            port for both UDP and TCP; 0 picks a free port that is free for both (tests)
 * @param clusterDomain   the cluster zone, e.g. {@code cluster.local} (no trailing dot needed)
 * @param upstreams       resolvers queried, in order, for names outside the cluster zone; an own listen
 *                        address among them is skipped by the server so it never forwards to itself
 * @param upstreamTimeout how long to wait for one upstream before trying the next
 * @param ttlSeconds      TTL of every record the server makes up (CoreDNS's {@code ttl}, default 5)
 */
public record DnsSettings(
        InetAddress listenAddress,
        int port,
        String clusterDomain,
        List<InetSocketAddress> upstreams,
        Duration upstreamTimeout,
        int ttlSeconds) {

    public static final int DEFAULT_PORT = 53;
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
    public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(2);
    /** CoreDNS's kubernetes plugin default TTL. */
    public static final int DEFAULT_TTL_SECONDS = 5;

    public DnsSettings {
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(clusterDomain, "clusterDomain");
        Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (ttlSeconds < 0) {
            throw new IllegalArgumentException("ttlSeconds must not be negative: " + ttlSeconds);
        }
        upstreams = List.copyOf(upstreams);
    }

    /**
     * Listens on all interfaces, port 53, zone {@code cluster.local}, forwarding to the nameservers of the
     * host's /etc/resolv.conf (like CoreDNS's default {@code forward . /etc/resolv.conf}).
     */
    public static DnsSettings defaults() {
        return new DnsSettings(wildcard(), DEFAULT_PORT, DEFAULT_CLUSTER_DOMAIN,
                upstreamsOf(ResolvConf.read(ResolvConf.HOST_RESOLV_CONF)), DEFAULT_UPSTREAM_TIMEOUT,
                DEFAULT_TTL_SECONDS);
    }

    /** The nameservers of {@code resolvConf} as port-53 socket addresses; non-literal entries are ignored. */
    public static List<InetSocketAddress> upstreamsOf(ResolvConf resolvConf) {
        List<InetSocketAddress> upstreams = new ArrayList<>();
        for (String server : resolvConf.nameservers()) {
            IpAddresses.parse(server).ifPresent(ip -> upstreams.add(new InetSocketAddress(ip, DEFAULT_PORT)));
        }
        return upstreams;
    }

    public DnsSettings withListenAddress(InetAddress address) {
        return new DnsSettings(address, port, clusterDomain, upstreams, upstreamTimeout, ttlSeconds);
    }

    public DnsSettings withPort(int newPort) {
        return new DnsSettings(listenAddress, newPort, clusterDomain, upstreams, upstreamTimeout, ttlSeconds);
    }

    public DnsSettings withClusterDomain(String domain) {
        return new DnsSettings(listenAddress, port, domain, upstreams, upstreamTimeout, ttlSeconds);
    }

    public DnsSettings withUpstreams(List<InetSocketAddress> servers) {
        return new DnsSettings(listenAddress, port, clusterDomain, servers, upstreamTimeout, ttlSeconds);
    }

    public DnsSettings withUpstreamTimeout(Duration timeout) {
        return new DnsSettings(listenAddress, port, clusterDomain, upstreams, timeout, ttlSeconds);
    }

    public DnsSettings withTtlSeconds(int ttl) {
        return new DnsSettings(listenAddress, port, clusterDomain, upstreams, upstreamTimeout, ttl);
    }

    private static InetAddress wildcard() {
        return new InetSocketAddress(0).getAddress();
    }
}
