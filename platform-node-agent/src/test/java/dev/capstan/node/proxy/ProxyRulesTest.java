package dev.capstan.node.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.capstan.node.proxy.Iptables.Table.FILTER;
import static dev.capstan.node.proxy.Iptables.Table.NAT;
import static dev.capstan.node.proxy.ProxyFixtures.clusterIp;
import static dev.capstan.node.proxy.ProxyFixtures.notReady;
import static dev.capstan.node.proxy.ProxyFixtures.ready;
import static dev.capstan.node.proxy.ProxyFixtures.service;
import static dev.capstan.node.proxy.ProxyFixtures.slice;
import static dev.capstan.node.proxy.ProxyFixtures.terminating;
import static org.assertj.core.api.Assertions.assertThat;

class ProxyRulesTest {

    private static final String SVC = ChainNames.serviceChain("default/web:http", "TCP");
    private static final String SEP1 = ChainNames.endpointChain("default/web:http", "TCP", "10.244.0.5:8080");
    private static final String SEP2 = ChainNames.endpointChain("default/web:http", "TCP", "10.244.0.6:8080");

    private static ProxyRuleSet build(List<Service> services, List<EndpointSlice> slices) {
        return ProxyRules.build(services, slices, ProxySettings.defaults());
    }

    @Test
    void clusterIpWithTwoReadyEndpointsChoosesTheFirstWithProbabilityOneHalfAndTheLastUnconditionally() {
        ProxyRuleSet rules = build(List.of(clusterIp("web", "10.96.0.10", 80, 8080)),
                List.of(slice("web", "http", 8080, ready("10.244.0.5"), ready("10.244.0.6"))));

        assertThat(rules.rules(NAT)).contains(
                "-A CAPSTAN-SERVICES -m comment --comment \"default/web:http cluster IP\" -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j " + SVC,
                "-A " + SVC + " -m comment --comment \"default/web:http -> 10.244.0.5:8080\" -m statistic --mode random --probability 0.5000000000 -j " + SEP1,
                "-A " + SVC + " -m comment --comment \"default/web:http -> 10.244.0.6:8080\" -j " + SEP2,
                "-A " + SEP1 + " -m comment --comment \"default/web:http\" -s 10.244.0.5/32 -j CAPSTAN-MARK-MASQ",
                "-A " + SEP1 + " -m comment --comment \"default/web:http\" -p tcp -m tcp -j DNAT --to-destination 10.244.0.5:8080",
                "-A " + SEP2 + " -m comment --comment \"default/web:http\" -p tcp -m tcp -j DNAT --to-destination 10.244.0.6:8080");
        assertThat(rules.rules(NAT).indexOf("-A " + SVC + " -m comment --comment \"default/web:http -> 10.244.0.5:8080\" -m statistic --mode random --probability 0.5000000000 -j " + SEP1))
                .isLessThan(rules.rules(NAT).indexOf("-A " + SVC + " -m comment --comment \"default/web:http -> 10.244.0.6:8080\" -j " + SEP2));
        assertThat(rules.chains(NAT)).contains(SVC, SEP1, SEP2);
        assertThat(rules.rules(FILTER)).noneMatch(rule -> rule.contains("REJECT"));
    }

    @Test
    void threeEndpointsAreChosenWithProbabilitiesOneThirdThenOneHalfThenTheRest() {
        ProxyRuleSet rules = build(List.of(clusterIp("web", "10.96.0.10", 80, 8080)),
                List.of(slice("web", "http", 8080, ready("10.244.0.5"), ready("10.244.0.6"), ready("10.244.0.7"))));

        List<String> svcRules = rules.rules(NAT).stream().filter(rule -> rule.startsWith("-A " + SVC + " ")).toList();
        assertThat(svcRules).hasSize(4); // masquerade mark + 3 endpoints
        assertThat(svcRules.get(1)).contains("--probability 0.3333333333");
        assertThat(svcRules.get(2)).contains("--probability 0.5000000000");
        assertThat(svcRules.get(3)).doesNotContain("statistic");
    }

    @Test
    void masqueradeAllMarksEveryPacketToTheClusterIp() {
        ProxyRuleSet rules = build(List.of(clusterIp("web", "10.96.0.10", 80, 8080)),
                List.of(slice("web", "http", 8080, ready("10.244.0.5"))));

        assertThat(rules.rules(NAT)).contains(
                "-A " + SVC + " -m comment --comment \"default/web:http cluster IP\" -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j CAPSTAN-MARK-MASQ",
                "-A CAPSTAN-MARK-MASQ -j MARK --or-mark 0x4000",
                "-A CAPSTAN-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
                "-A CAPSTAN-POSTROUTING -m comment --comment \"capstan service traffic requiring SNAT\" -j MASQUERADE --random-fully");
    }

    @Test
    void withoutMasqueradeAllOnlyTrafficFromOutsideThePodCidrIsMarked() {
        ProxyRuleSet rules = ProxyRules.build(List.of(clusterIp("web", "10.96.0.10", 80, 8080)),
                List.of(slice("web", "http", 8080, ready("10.244.0.5"))),
                ProxySettings.defaults().withMasqueradeAll(false, "10.244.0.0/16"));

        assertThat(rules.rules(NAT)).contains("-A " + SVC
                + " -m comment --comment \"default/web:http cluster IP\" ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j CAPSTAN-MARK-MASQ");
    }

    @Test
    void nodePortIsReachedThroughTheNodePortsChainOnEveryLocalAddressAndMasqueraded() {
        Service web = service("web", "10.96.0.10", "http", 80, 8080)
                .editSpec().withType("NodePort").editFirstPort().withNodePort(30080).endPort().endSpec().build();
        ProxyRuleSet rules = build(List.of(web), List.of(slice("web", "http", 8080, ready("10.244.0.5"))));

        assertThat(rules.rules(NAT)).contains(
                "-A CAPSTAN-NODEPORTS -m comment --comment \"default/web:http\" -p tcp -m tcp --dport 30080 -j CAPSTAN-MARK-MASQ",
                "-A CAPSTAN-NODEPORTS -m comment --comment \"default/web:http\" -p tcp -m tcp --dport 30080 -j " + SVC);
        List<String> services = rules.rules(NAT).stream().filter(rule -> rule.startsWith("-A CAPSTAN-SERVICES ")).toList();
        assertThat(services.get(services.size() - 1)).isEqualTo("-A CAPSTAN-SERVICES -m comment --comment "
                + "\"capstan service nodeports; NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j CAPSTAN-NODEPORTS");
    }

    @Test
    void externalIpIsMasqueradedAndSentToTheServiceChain() {
        Service web = service("web", "10.96.0.10", "http", 80, 8080)
                .editSpec().withExternalIPs("192.0.2.7").endSpec().build();
        ProxyRuleSet rules = build(List.of(web), List.of(slice("web", "http", 8080, ready("10.244.0.5"))));

        assertThat(rules.rules(NAT)).contains(
                "-A CAPSTAN-SERVICES -m comment --comment \"default/web:http external IP\" -d 192.0.2.7/32 -p tcp -m tcp --dport 80 -j CAPSTAN-MARK-MASQ",
                "-A CAPSTAN-SERVICES -m comment --comment \"default/web:http external IP\" -d 192.0.2.7/32 -p tcp -m tcp --dport 80 -j " + SVC);
    }

    @Test
    void clientIpAffinitySendsARecentClientBackToItsEndpointForTheDefaultThreeHours() {
        Service web = service("web", "10.96.0.10", "http", 80, 8080).editSpec().withSessionAffinity("ClientIP").endSpec().build();
        ProxyRuleSet rules = build(List.of(web),
                List.of(slice("web", "http", 8080, ready("10.244.0.5"), ready("10.244.0.6"))));

        List<String> nat = rules.rules(NAT);
        String recheck = "-A " + SVC + " -m comment --comment \"default/web:http -> 10.244.0.5:8080\" -m recent --name "
                + SEP1 + " --rcheck --seconds 10800 --reap -j " + SEP1;
        String random = "-A " + SVC + " -m comment --comment \"default/web:http -> 10.244.0.5:8080\" -m statistic --mode random --probability 0.5000000000 -j " + SEP1;
        assertThat(nat).contains(recheck, random,
                "-A " + SEP1 + " -m comment --comment \"default/web:http\" -p tcp -m recent --name " + SEP1
                        + " --set -m tcp -j DNAT --to-destination 10.244.0.5:8080");
        assertThat(nat.indexOf(recheck)).isLessThan(nat.indexOf(random));
    }

    @Test
    void clientIpAffinityUsesTheConfiguredTimeout() {
        Service web = service("web", "10.96.0.10", "http", 80, 8080).editSpec().withSessionAffinity("ClientIP")
                .withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(60).endClientIP().endSessionAffinityConfig()
                .endSpec().build();
        ProxyRuleSet rules = build(List.of(web), List.of(slice("web", "http", 8080, ready("10.244.0.5"))));

        assertThat(rules.rules(NAT)).anyMatch(rule -> rule.contains("--rcheck --seconds 60 --reap -j " + SEP1));
    }

    @Test
    void serviceWithoutReadyEndpointsIsRejectedInTheFilterTableAndHasNoNatChain() {
        Service web = service("web", "10.96.0.10", "http", 80, 8080)
                .editSpec().withType("NodePort").editFirstPort().withNodePort(30080).endPort()
                .withExternalIPs("192.0.2.7").endSpec().build();
        ProxyRuleSet rules = build(List.of(web), List.of(slice("web", "http", 8080, notReady("10.244.0.5"))));

        assertThat(rules.rules(FILTER)).contains(
                "-A CAPSTAN-SERVICES -m comment --comment \"default/web:http has no endpoints\" -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable",
                "-A CAPSTAN-EXTERNAL-SERVICES -m comment --comment \"default/web:http has no endpoints\" -d 192.0.2.7/32 -p tcp -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable",
                "-A CAPSTAN-EXTERNAL-SERVICES -m comment --comment \"default/web:http has no endpoints\" -m addrtype --dst-type LOCAL -p tcp -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable");
        assertThat(rules.chains(NAT)).doesNotContain(SVC);
        assertThat(rules.rules(NAT)).noneMatch(rule -> rule.contains("default/web"));
    }

    @Test
    void namedTargetPortIsResolvedThroughTheEndpointSlicePortOfTheSameName() {
        // targetPort "web-port" names a container port; the EndpointSlice controller resolved it to 9376.
        Service web = service("web", "10.96.0.10", "http", 80, "web-port").build();
        ProxyRuleSet rules = build(List.of(web), List.of(slice("web", "http", 9376, ready("10.244.0.5")),
                slice("web", "metrics", 9090, ready("10.244.0.5"))));

        assertThat(rules.rules(NAT)).anyMatch(rule -> rule.endsWith("-j DNAT --to-destination 10.244.0.5:9376"))
                .noneMatch(rule -> rule.contains("10.244.0.5:9090"));
    }

    @Test
    void notReadyAndTerminatingEndpointsReceiveNoTraffic() {
        ProxyRuleSet rules = build(List.of(clusterIp("web", "10.96.0.10", 80, 8080)),
                List.of(slice("web", "http", 8080, ready("10.244.0.5"), notReady("10.244.0.6"), terminating("10.244.0.7"))));

        assertThat(rules.rules(NAT)).anyMatch(rule -> rule.contains("--to-destination 10.244.0.5:8080"))
                .noneMatch(rule -> rule.contains("10.244.0.6")).noneMatch(rule -> rule.contains("10.244.0.7"))
                .noneMatch(rule -> rule.contains("statistic"));
    }

    @Test
    void slicesOfAnotherServiceOrNamespaceAreIgnored() {
        EndpointSlice other = slice("api", "http", 8080, ready("10.244.0.9"));
        EndpointSlice elsewhere = slice("web", "http", 8080, ready("10.244.1.9"));
        elsewhere.getMetadata().setNamespace("staging");
        ProxyRuleSet rules = build(List.of(clusterIp("web", "10.96.0.10", 80, 8080)), List.of(other, elsewhere));

        assertThat(rules.rules(FILTER)).anyMatch(rule -> rule.contains("default/web:http has no endpoints"));
    }

    @Test
    void headlessServicesAreNotProxied() {
        ProxyRuleSet rules = build(List.of(clusterIp("db", "None", 5432, 5432)),
                List.of(slice("db", "http", 5432, ready("10.244.0.5"))));

        assertThat(rules.rules(NAT)).noneMatch(rule -> rule.contains("default/db"));
        assertThat(rules.rules(FILTER)).noneMatch(rule -> rule.contains("default/db"));
    }

    @Test
    void theSameStateInAnyOrderGivesTheSameRules() {
        List<Service> services = new ArrayList<>(List.of(clusterIp("web", "10.96.0.10", 80, 8080),
                clusterIp("api", "10.96.0.11", 80, 8080), clusterIp("db", "10.96.0.12", 5432, 5432)));
        List<EndpointSlice> slices = new ArrayList<>(List.of(
                slice("web", "http", 8080, ready("10.244.0.6"), ready("10.244.0.5")),
                slice("api", "http", 8080, ready("10.244.0.7"))));
        String first = build(services, slices).toRestoreInput();
        Collections.reverse(services);
        Collections.reverse(slices);
        slices.set(1, slice("web", "http", 8080, ready("10.244.0.5"), ready("10.244.0.6")));

        assertThat(build(services, slices).toRestoreInput()).isEqualTo(first);
    }

    @Test
    void restoreInputDeclaresEveryChainAndDeletesOnlyStaleCapstanChains() {
        ProxyRuleSet rules = build(List.of(clusterIp("web", "10.96.0.10", 80, 8080)),
                List.of(slice("web", "http", 8080, ready("10.244.0.5"))));
        String gone = "CAPSTAN-SVC-AAAAAAAAAAAAAAAA";

        String input = rules.toRestoreInput(Map.of(NAT, Set.of(SVC, gone, "KUBE-SVC-BBBBBBBBBBBBBBBB")));

        assertThat(input).startsWith("*filter\n").contains("*nat\n", ":CAPSTAN-SERVICES - [0:0]\n", ":" + SVC + " - [0:0]\n",
                ":" + SEP1 + " - [0:0]\n", ":" + gone + " - [0:0]\n", "-X " + gone + "\n").endsWith("COMMIT\n");
        assertThat(input).doesNotContain("-X " + SVC).doesNotContain("KUBE-SVC-BBBBBBBBBBBBBBBB");
        assertThat(input.indexOf("-X " + gone)).isGreaterThan(input.lastIndexOf("-A "));
    }
}
