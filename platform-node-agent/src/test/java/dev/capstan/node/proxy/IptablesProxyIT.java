package dev.capstan.node.proxy;

import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.capstan.node.proxy.ProxyFixtures.clusterIp;
import static dev.capstan.node.proxy.ProxyFixtures.ready;
import static dev.capstan.node.proxy.ProxyFixtures.service;
import static dev.capstan.node.proxy.ProxyFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The proxy's rules in a real kernel: written with the real iptables-restore into a network namespace of their own
 * (see {@link NetnsLab}), read back with iptables-save, and exercised with real traffic from a client namespace to
 * a busybox httpd in a pod namespace. Needs root.
 */
class IptablesProxyIT {

    private static NetnsLab lab;
    private static Iptables iptables;
    private static ProxyRuleApplier applier;

    @TempDir
    static Path docroot;

    private static final String WEB_SVC = ChainNames.serviceChain("default/web:http", "TCP");
    private static final String WEB_SEP = ChainNames.endpointChain("default/web:http", "TCP", NetnsLab.POD_IP + ":8080");

    @BeforeAll
    static void buildLab() throws Exception {
        assumeTrue(NetnsLab.supported(), "needs root and 'ip netns'");
        lab = new NetnsLab();
        try {
            lab.create();
            lab.startHttpServer("hello from the pod\n", docroot);
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
        iptables = new Iptables(List.of("ip", "netns", "exec", lab.node));
        applier = new ProxyRuleApplier(iptables);
    }

    @AfterEach
    void removeRules() {
        if (applier != null) {
            applier.cleanup();
        }
    }

    @AfterAll
    static void tearDownLab() {
        if (lab != null) {
            lab.close();
        }
    }

    private static Service web() {
        return service("web", "10.96.123.45", "http", 80, 8080)
                .editSpec().withType("NodePort").editFirstPort().withNodePort(30080).endPort().endSpec().build();
    }

    private static void apply(List<Service> services, boolean withEndpoint) {
        applier.apply(ProxyRules.build(services,
                withEndpoint ? List.of(slice("web", "http", 8080, ready(NetnsLab.POD_IP))) : List.of(),
                ProxySettings.defaults()));
    }

    @Test
    void rulesAreWrittenReplacedAndRemovedInTheKernel() {
        apply(List.of(web(), clusterIp("gone", "10.96.123.46", 80, 8080)), true);
        apply(List.of(web(), clusterIp("gone", "10.96.123.46", 80, 8080)), true); // a resync changes nothing

        String nat = iptables.save(Iptables.Table.NAT);
        assertThat(nat).contains(":CAPSTAN-SERVICES - ", ":" + WEB_SVC + " - ", ":" + WEB_SEP + " - ",
                "-A PREROUTING -m comment --comment \"capstan service portals\" -j CAPSTAN-SERVICES",
                "-A POSTROUTING -m comment --comment \"capstan postrouting rules\" -j CAPSTAN-POSTROUTING",
                "-j DNAT --to-destination 10.244.9.2:8080",
                "--dport 30080 -j " + WEB_SVC);
        assertThat(nat.split("-A PREROUTING ", -1)).hasSize(2); // the jump was inserted once, not per sync
        assertThat(iptables.save(Iptables.Table.FILTER)).contains("default/gone:http has no endpoints",
                "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"capstan service portals\" -j CAPSTAN-SERVICES");

        apply(List.of(clusterIp("gone", "10.96.123.46", 80, 8080)), false);

        assertThat(iptables.save(Iptables.Table.NAT)).contains(":CAPSTAN-SERVICES - ")
                .doesNotContain(WEB_SVC).doesNotContain(WEB_SEP);
        assertThat(applier.capstanChains().get(Iptables.Table.NAT)).noneMatch(chain -> chain.startsWith("CAPSTAN-SVC-"));

        applier.cleanup();

        assertThat(iptables.save(Iptables.Table.NAT)).doesNotContain("CAPSTAN");
        assertThat(iptables.save(Iptables.Table.FILTER)).doesNotContain("CAPSTAN");
    }

    @Test
    void clientIpAffinityRulesAreAcceptedByTheKernel() {
        Service sticky = service("sticky", "10.96.123.47", "http", 80, 8080).editSpec().withSessionAffinity("ClientIP")
                .endSpec().build();
        String sep = ChainNames.endpointChain("default/sticky:http", "TCP", NetnsLab.POD_IP + ":8080");

        applier.apply(ProxyRules.build(List.of(sticky), List.of(slice("sticky", "http", 8080, ready(NetnsLab.POD_IP))),
                ProxySettings.defaults()));

        assertThat(iptables.save(Iptables.Table.NAT)).contains(
                "-m recent --rcheck --seconds 10800 --reap --name " + sep + " --mask 255.255.255.255 --rsource -j " + sep,
                "-m recent --set --name " + sep + " --mask 255.255.255.255 --rsource");
        assertThat(NetnsLab.httpGet(lab.client, "10.96.123.47", 80).output()).contains("hello from the pod");
        assertThat(NetnsLab.httpGet(lab.client, "10.96.123.47", 80).output()).contains("hello from the pod");
    }

    @Test
    void clientReachesThePodThroughTheClusterIpAndTheNodePort() {
        apply(List.of(web()), true);

        assertThat(NetnsLab.httpGet(lab.client, "10.96.123.45", 80).output()).contains("200 OK", "hello from the pod");
        assertThat(NetnsLab.httpGet(lab.client, NetnsLab.NODE_IP, 30080).output())
                .contains("200 OK", "hello from the pod");
        // Node ports answer on the node's loopback too (route_localnet=1 + masquerade), as with kube-proxy.
        assertThat(NetnsLab.httpGet(lab.node, "127.0.0.1", 30080).output()).contains("200 OK", "hello from the pod");
    }

    @Test
    void serviceWithoutEndpointsRefusesConnectionsInsteadOfLettingThemHang() {
        apply(List.of(web()), false);

        NetnsLab.Result clusterIp = NetnsLab.httpGet(lab.client, "10.96.123.45", 80);
        NetnsLab.Result nodePort = NetnsLab.httpGet(lab.client, NetnsLab.NODE_IP, 30080);

        assertThat(clusterIp.exit()).isNotZero();
        assertThat(clusterIp.output()).contains("Connection refused");
        assertThat(nodePort.output()).contains("Connection refused");
    }

    @Test
    void withoutProxyRulesTheServiceIpLeadsNowhere() {
        // Guards the two tests above against passing for a reason other than the proxy's rules.
        NetnsLab.Result result = NetnsLab.httpGet(lab.client, "10.96.123.45", 80);

        assertThat(result.output()).doesNotContain("hello from the pod");
    }
}
