package dev.capstan.node.dns;

import static dev.capstan.node.dns.Fixtures.clusterIpService;
import static dev.capstan.node.dns.Fixtures.endpoint;
import static dev.capstan.node.dns.Fixtures.endpointPort;
import static dev.capstan.node.dns.Fixtures.externalNameService;
import static dev.capstan.node.dns.Fixtures.headlessService;
import static dev.capstan.node.dns.Fixtures.port;
import static dev.capstan.node.dns.Fixtures.ready;
import static dev.capstan.node.dns.Fixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The records of the Kubernetes DNS-Based Service Discovery specification, asked over real UDP. */
class ClusterDnsRecordsTest {

    private final InMemoryServiceDirectory directory = new InMemoryServiceDirectory()
            .add(clusterIpService("shop", "web", "10.96.0.10", port("http", "TCP", 80), port("dns", "UDP", 53)))
            .add(new ServiceBuilder(clusterIpService("shop", "dual", "10.96.0.11"))
                    .editSpec().withClusterIPs("10.96.0.11", "fd00:96::11").endSpec().build())
            .add(headlessService("shop", "db", port("pg", "TCP", 5432)))
            .add(slice("shop", "db", "db-abc", List.of(
                            endpoint("10.1.0.5", "db-0", true),
                            endpoint("10.1.0.6", null, true),
                            endpoint("10.1.0.7", "db-2", false)),
                    endpointPort("pg", "TCP", 5432)))
            .add(headlessService("shop", "empty"))
            .add(externalNameService("shop", "search", "search.example.com"))
            .add(externalNameService("shop", "alias", "web.shop.svc.cluster.local"));

    private RunningDns dns;

    @BeforeEach
    void start() {
        dns = new RunningDns(directory);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void serviceNameResolvesToTheClusterIpWithFiveSecondTtl() {
        Message response = dns.query("web.shop.svc.cluster.local.", Type.A);

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(answers(response)).singleElement().satisfies(record -> {
            assertThat(((ARecord) record).getAddress().getHostAddress()).isEqualTo("10.96.0.10");
            assertThat(record.getTTL()).isEqualTo(5);
        });
    }

    @Test
    void queryNamesAreCaseInsensitive() {
        Message response = dns.query("WEB.Shop.SVC.Cluster.Local.", Type.A);

        assertThat(addresses(response)).containsExactly("10.96.0.10");
    }

    @Test
    void dualStackServiceAnswersAaaaWithItsIpv6ClusterIp() {
        Message response = dns.query("dual.shop.svc.cluster.local.", Type.AAAA);

        assertThat(answers(response)).singleElement()
                .satisfies(record -> assertThat(((AAAARecord) record).getAddress().getHostAddress())
                        .isEqualTo("fd00:96:0:0:0:0:0:11"));
    }

    @Test
    void headlessServiceResolvesToItsReadyEndpointAddresses() {
        Message response = dns.query("db.shop.svc.cluster.local.", Type.A);

        assertThat(addresses(response)).containsExactlyInAnyOrder("10.1.0.5", "10.1.0.6");
    }

    @Test
    void headlessEndpointWithHostnameHasItsOwnName() {
        Message response = dns.query("db-0.db.shop.svc.cluster.local.", Type.A);

        assertThat(addresses(response)).containsExactly("10.1.0.5");
    }

    @Test
    void notReadyEndpointHostnameDoesNotExist() {
        Message response = dns.query("db-2.db.shop.svc.cluster.local.", Type.A);

        assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void headlessServiceWithoutReadyEndpointsIsNxdomainLikeCoreDns() {
        Message response = dns.query("empty.shop.svc.cluster.local.", Type.A);

        assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void externalNameServiceIsACnameToTheExternalName() {
        Message response = dns.query("search.shop.svc.cluster.local.", Type.CNAME);

        assertThat(answers(response)).singleElement().satisfies(record ->
                assertThat(((CNAMERecord) record).getTarget().toString()).isEqualTo("search.example.com."));
    }

    @Test
    void addressQueryForExternalNameInsideTheZoneReturnsTheCnameAndTheTargetAddress() {
        Message response = dns.query("alias.shop.svc.cluster.local.", Type.A);

        assertThat(answers(response)).extracting(Record::getType).containsExactly(Type.CNAME, Type.A);
        assertThat(addresses(response)).containsExactly("10.96.0.10");
    }

    @Test
    void namedPortOfClusterIpServiceHasAnSrvRecordPointingAtTheService() {
        Message response = dns.query("_http._tcp.web.shop.svc.cluster.local.", Type.SRV);

        assertThat(answers(response)).singleElement().satisfies(record -> {
            SRVRecord srv = (SRVRecord) record;
            assertThat(srv.getPriority()).isZero();
            assertThat(srv.getWeight()).isEqualTo(100);
            assertThat(srv.getPort()).isEqualTo(80);
            assertThat(srv.getTarget().toString()).isEqualTo("web.shop.svc.cluster.local.");
        });
        assertThat(response.getSection(Section.ADDITIONAL)).filteredOn(r -> r.getType() == Type.A)
                .singleElement().satisfies(record ->
                        assertThat(((ARecord) record).getAddress().getHostAddress()).isEqualTo("10.96.0.10"));
    }

    @Test
    void srvProtocolMustMatchThePortProtocol() {
        assertThat(dns.query("_dns._udp.web.shop.svc.cluster.local.", Type.SRV).getSection(Section.ANSWER))
                .singleElement().satisfies(record -> assertThat(((SRVRecord) record).getPort()).isEqualTo(53));
        assertThat(dns.query("_dns._tcp.web.shop.svc.cluster.local.", Type.SRV).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void headlessServiceHasOneSrvRecordPerReadyEndpointNamedByHostnameOrDashedIp() {
        Message response = dns.query("_pg._tcp.db.shop.svc.cluster.local.", Type.SRV);

        List<SRVRecord> srvs = answers(response).stream().map(SRVRecord.class::cast).toList();
        assertThat(srvs).extracting(srv -> srv.getTarget().toString()).containsExactlyInAnyOrder(
                "db-0.db.shop.svc.cluster.local.", "10-1-0-6.db.shop.svc.cluster.local.");
        assertThat(srvs).allSatisfy(srv -> {
            assertThat(srv.getPort()).isEqualTo(5432);
            assertThat(srv.getPriority()).isZero();
            assertThat(srv.getWeight()).isEqualTo(50);
        });
        assertThat(response.getSection(Section.ADDITIONAL)).filteredOn(r -> r.getType() == Type.A)
                .extracting(record -> record.getName().toString())
                .containsExactlyInAnyOrder("db-0.db.shop.svc.cluster.local.", "10-1-0-6.db.shop.svc.cluster.local.");
    }

    @Test
    void dashedIpSrvTargetOfHeadlessEndpointResolves() {
        Message response = dns.query("10-1-0-6.db.shop.svc.cluster.local.", Type.A);

        assertThat(addresses(response)).containsExactly("10.1.0.6");
    }

    @Test
    void podNameWithDashedIpResolvesToThatIp() {
        Message response = dns.query("10-244-1-7.shop.pod.cluster.local.", Type.A);

        assertThat(addresses(response)).containsExactly("10.244.1.7");
    }

    @Test
    void podNameThatIsNoIpDoesNotExist() {
        assertThat(dns.query("not-an-ip.shop.pod.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void clusterIpHasAPtrRecordNamingTheService() {
        Message response = dns.query("10.0.96.10.in-addr.arpa.", Type.PTR);

        assertThat(answers(response)).singleElement().satisfies(record ->
                assertThat(((PTRRecord) record).getTarget().toString()).isEqualTo("web.shop.svc.cluster.local."));
    }

    @Test
    void ipv6ClusterIpHasAPtrRecordUnderIp6Arpa() throws Exception {
        String reverseName = org.xbill.DNS.ReverseMap.fromAddress("fd00:96::11").toString();

        Message response = dns.query(reverseName, Type.PTR);

        assertThat(answers(response)).singleElement().satisfies(record ->
                assertThat(((PTRRecord) record).getTarget().toString()).isEqualTo("dual.shop.svc.cluster.local."));
    }

    @Test
    void headlessEndpointAddressHasAPtrRecordNamingTheEndpoint() {
        Message response = dns.query("5.0.1.10.in-addr.arpa.", Type.PTR);

        assertThat(answers(response)).singleElement().satisfies(record ->
                assertThat(((PTRRecord) record).getTarget().toString()).isEqualTo("db-0.db.shop.svc.cluster.local."));
    }

    @Test
    void missingServiceIsNxdomainWithTheZoneSoaInAuthority() {
        Message response = dns.query("nope.shop.svc.cluster.local.", Type.A);

        assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(response.getSection(Section.AUTHORITY)).singleElement().satisfies(record -> {
            assertThat(record).isInstanceOf(SOARecord.class);
            assertThat(record.getName().toString()).isEqualTo("cluster.local.");
        });
    }

    @Test
    void searchPathExpansionOfAnExternalNameIsNxdomain() {
        // What a pod with ndots:5 asks first for "example.com": must fail fast, not be forwarded.
        assertThat(dns.query("example.com.shop.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void existingNameWithoutRecordsOfTheAskedTypeIsNodataWithSoa() {
        Message response = dns.query("web.shop.svc.cluster.local.", Type.AAAA);

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answers(response)).isEmpty();
        assertThat(response.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void namespaceWithServicesIsAnEmptyNonTerminalAndOtherNamespacesDoNotExist() {
        assertThat(dns.query("shop.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(dns.query("nowhere.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void zoneApexHasSoaAndNs() {
        assertThat(answers(dns.query("cluster.local.", Type.SOA))).singleElement().satisfies(record -> {
            SOARecord soa = (SOARecord) record;
            assertThat(soa.getHost().toString()).isEqualTo("ns.dns.cluster.local.");
            assertThat(soa.getMinimum()).isEqualTo(5);
        });
        assertThat(answers(dns.query("cluster.local.", Type.NS))).singleElement().satisfies(record ->
                assertThat(((NSRecord) record).getTarget().toString()).isEqualTo("ns.dns.cluster.local."));
    }

    @Test
    void schemaVersionIsPublished() {
        assertThat(answers(dns.query("dns-version.cluster.local.", Type.TXT))).singleElement().satisfies(record ->
                assertThat(((TXTRecord) record).getStrings()).containsExactly("1.1.0"));
    }

    private static List<Record> answers(Message response) {
        return response.getSection(Section.ANSWER);
    }

    private static List<String> addresses(Message response) {
        return answers(response).stream()
                .filter(record -> record.getType() == Type.A)
                .map(record -> ((ARecord) record).getAddress().getHostAddress())
                .toList();
    }
}
