package dev.capstan.node.dns;

import static dev.capstan.node.dns.Fixtures.headlessService;
import static dev.capstan.node.dns.Fixtures.ready;
import static dev.capstan.node.dns.Fixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** UDP size limits and the TCP fallback, over real sockets. */
class ClusterDnsTransportTest {

    /** 60 A records of ~16 bytes each (with name compression): far above 512, below 1232 bytes. */
    private static final int ENDPOINTS = 60;

    private final RunningDns dns = new RunningDns(bigHeadlessService());

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void udpAnswerAbove512BytesIsTruncatedForClientsWithoutEdns() {
        SimpleResolver udp = dns.resolver();
        udp.setEDNS(-1);
        udp.setIgnoreTruncation(true);

        Message response = RunningDns.send(udp, "big.shop.svc.cluster.local.", Type.A);

        assertThat(response.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(response.getSection(Section.ANSWER)).hasSizeLessThan(ENDPOINTS);
        assertThat(response.toWire().length).isLessThanOrEqualTo(512);
    }

    @Test
    void truncatedAnswerIsCompleteOverTcp() {
        SimpleResolver tcp = dns.resolver();
        tcp.setEDNS(-1);
        tcp.setTCP(true);

        Message response = RunningDns.send(tcp, "big.shop.svc.cluster.local.", Type.A);

        assertThat(response.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(response.getSection(Section.ANSWER)).hasSize(ENDPOINTS);
    }

    @Test
    void ednsClientsGetUdpAnswersUpToTheirBufferSize() {
        SimpleResolver udp = dns.resolver();
        udp.setEDNS(0, 4096, 0, List.of());
        udp.setIgnoreTruncation(true);

        Message response = RunningDns.send(udp, "big.shop.svc.cluster.local.", Type.A);

        assertThat(response.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(response.getSection(Section.ANSWER)).hasSize(ENDPOINTS);
        assertThat(response.getOPT()).isNotNull();
    }

    @Test
    void severalQueriesShareOneTcpConnection() throws Exception {
        try (var socket = new java.net.Socket(RunningDns.LOOPBACK, dns.server.port())) {
            var out = new java.io.DataOutputStream(socket.getOutputStream());
            var in = new java.io.DataInputStream(socket.getInputStream());
            for (int id = 1; id <= 2; id++) {
                Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(
                        org.xbill.DNS.Name.fromString("big.shop.svc.cluster.local."), Type.A, org.xbill.DNS.DClass.IN));
                query.getHeader().setID(id);
                byte[] wire = query.toWire();
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
                byte[] answer = new byte[in.readUnsignedShort()];
                in.readFully(answer);
                Message response = new Message(answer);
                assertThat(response.getHeader().getID()).isEqualTo(id);
                assertThat(response.getSection(Section.ANSWER)).hasSize(ENDPOINTS);
            }
        }
    }

    @Test
    void malformedQueryIsAnsweredWithFormerr() throws Exception {
        byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7f};
        try (var socket = new java.net.DatagramSocket()) {
            socket.setSoTimeout(3000);
            socket.send(new java.net.DatagramPacket(garbage, garbage.length, dns.address()));
            var packet = new java.net.DatagramPacket(new byte[512], 512);
            socket.receive(packet);
            Message response = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));

            assertThat(response.getHeader().getID()).isEqualTo(0x1234);
            assertThat(response.getRcode()).isEqualTo(org.xbill.DNS.Rcode.FORMERR);
        }
    }

    private static InMemoryServiceDirectory bigHeadlessService() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 1; i <= ENDPOINTS; i++) {
            endpoints.add(ready("10.2.0." + i));
        }
        return new InMemoryServiceDirectory()
                .add(headlessService("shop", "big"))
                .add(slice("shop", "big", "big-1", endpoints));
    }
}
