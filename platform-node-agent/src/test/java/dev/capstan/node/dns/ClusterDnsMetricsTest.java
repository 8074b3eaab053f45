package dev.capstan.node.dns;

import static dev.capstan.node.dns.Fixtures.clusterIpService;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** Queries are counted under CoreDNS's metric names (coredns_dns_requests_total, coredns_dns_responses_total). */
class ClusterDnsMetricsTest {

    private final RunningDns dns = new RunningDns(new InMemoryServiceDirectory()
            .add(clusterIpService("shop", "web", "10.96.0.10")));

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void requestsAreCountedByTypeAndResponsesByRcode() {
        dns.query("web.shop.svc.cluster.local.", Type.A);
        dns.query("web.shop.svc.cluster.local.", Type.A);
        dns.query("nope.shop.svc.cluster.local.", Type.SRV);

        assertThat(dns.registry.get(DnsMetrics.REQUESTS).tag("type", "A").tag("proto", "udp").counter().count())
                .isEqualTo(2);
        assertThat(dns.registry.get(DnsMetrics.REQUESTS).tag("type", "SRV").counter().count()).isEqualTo(1);
        assertThat(dns.registry.get(DnsMetrics.RESPONSES).tag("rcode", "NOERROR").counter().count()).isEqualTo(2);
        assertThat(dns.registry.get(DnsMetrics.RESPONSES).tag("rcode", "NXDOMAIN").counter().count()).isEqualTo(1);
    }
}
