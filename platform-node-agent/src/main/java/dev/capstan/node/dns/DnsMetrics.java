package dev.capstan.node.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Query counters under CoreDNS's metric names, so dashboards and alerts written for CoreDNS work unchanged.
 * The Micrometer names {@code coredns.dns.requests} / {@code coredns.dns.responses} are exported by the
 * Prometheus registry as {@code coredns_dns_requests_total{proto,type}} and
 * {@code coredns_dns_responses_total{rcode}}.
 */
public final class DnsMetrics {

    /** Micrometer name of {@code coredns_dns_requests_total}. */
    public static final String REQUESTS = "coredns.dns.requests";
    /** Micrometer name of {@code coredns_dns_responses_total}. */
    public static final String RESPONSES = "coredns.dns.responses";

    private final MeterRegistry registry;

    DnsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one request; {@code proto} is "udp" or "tcp", the type is CoreDNS's label (A, AAAA, SRV...). */
    void request(String proto, int qtype) {
        Counter.builder(REQUESTS)
                .description("Counter of DNS requests made per zone, protocol and family.")
                .tag("proto", proto)
                .tag("type", Type.string(qtype))
                .register(registry)
                .increment();
    }

    /** Counts one response by its rcode name (NOERROR, NXDOMAIN, SERVFAIL, ...). */
    void response(int rcode) {
        Counter.builder(RESPONSES)
                .description("Counter of response status codes.")
                .tag("rcode", Rcode.string(rcode))
                .register(registry)
                .increment();
    }
}
