package dev.capstan.node.dns;

import static dev.capstan.node.dns.Fixtures.clusterIpService;
import static dev.capstan.node.dns.Fixtures.externalNameService;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Names outside the cluster zone go upstream. The "upstream" is a second cluster DNS authoritative for
 * {@code upstream.test}, so its answers are known.
 */
class ClusterDnsForwardingTest {

    private final RunningDns upstream = new RunningDns(new InMemoryServiceDirectory()
            .add(clusterIpService("ext", "api", "10.200.0.1")), "upstream.test", List.of());
    private final RunningDns dns = new RunningDns(new InMemoryServiceDirectory()
            .add(clusterIpService("shop", "web", "10.96.0.10"))
            .add(externalNameService("shop", "partner", "api.ext.svc.upstream.test")),
            "cluster.local", List.of(upstream.address()));

    @AfterEach
    void stop() {
        dns.close();
        upstream.close();
    }

    @Test
    void nameOutsideTheZoneIsAnsweredByTheUpstream() {
        Message response = dns.query("api.ext.svc.upstream.test.", Type.A);

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(response)).containsExactly("10.200.0.1");
    }

    @Test
    void upstreamNxdomainIsRelayed() {
        Message response = dns.query("missing.ext.svc.upstream.test.", Type.A);

        assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(response.getSection(Section.AUTHORITY)).singleElement()
                .satisfies(soa -> assertThat(soa.getName().toString()).isEqualTo("upstream.test."));
    }

    @Test
    void reverseNameOfAnAddressTheClusterDoesNotOwnIsForwarded() {
        Message response = dns.query("1.0.200.10.in-addr.arpa.", Type.PTR);

        assertThat(response.getSection(Section.ANSWER)).singleElement().satisfies(record ->
                assertThat(((PTRRecord) record).getTarget().toString()).isEqualTo("api.ext.svc.upstream.test."));
    }

    @Test
    void externalNameOutsideTheZoneIsFollowedUpstream() {
        Message response = dns.query("partner.shop.svc.cluster.local.", Type.A);

        assertThat(response.getSection(Section.ANSWER)).extracting(Record::getType)
                .containsExactly(Type.CNAME, Type.A);
        assertThat(addresses(response)).containsExactly("10.200.0.1");
    }

    @Test
    void clusterNamesAreNotForwarded() {
        Message response = dns.query("web.shop.svc.cluster.local.", Type.A);

        assertThat(addresses(response)).containsExactly("10.96.0.10");
    }

    @Test
    void unreachableUpstreamGivesServfail() throws Exception {
        InetSocketAddress closed;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(RunningDns.LOOPBACK, 0))) {
            closed = new InetSocketAddress(RunningDns.LOOPBACK, probe.getLocalPort());
        }
        try (RunningDns orphan = new RunningDns(new InMemoryServiceDirectory(), "cluster.local", List.of(closed))) {
            Message response = orphan.query("example.com.", Type.A);

            assertThat(response.getRcode()).isEqualTo(Rcode.SERVFAIL);
        }
    }

    @Test
    void serverNeverForwardsToItself() {
        InetSocketAddress self = new InetSocketAddress(RunningDns.LOOPBACK, 53);
        InetSocketAddress other = new InetSocketAddress("192.0.2.1", 53);

        assertThat(ClusterDnsServer.withoutSelf(List.of(self, other), RunningDns.LOOPBACK, 53)).containsExactly(other);
        assertThat(ClusterDnsServer.withoutSelf(List.of(self, other), new InetSocketAddress(0).getAddress(), 53))
                .containsExactly(other);
        assertThat(ClusterDnsServer.withoutSelf(List.of(self), RunningDns.LOOPBACK, 5353)).containsExactly(self);
    }

    private static List<String> addresses(Message response) {
        return response.getSection(Section.ANSWER).stream()
                .filter(record -> record.getType() == Type.A)
                .map(record -> ((ARecord) record).getAddress().getHostAddress())
                .toList();
    }
}
