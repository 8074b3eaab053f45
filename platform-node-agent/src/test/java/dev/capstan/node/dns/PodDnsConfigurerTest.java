package dev.capstan.node.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigOptionBuilder;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pod resolv.conf per dnsPolicy, as the upstream kubelet computes it. */
class PodDnsConfigurerTest {

    private static final ResolvConf HOST = ResolvConf.parse("""
            nameserver 192.168.1.1
            nameserver 192.168.1.2
            search corp.example. lab.example
            options edns0 timeout:2
            """);

    private final PodDnsConfigurer configurer = new PodDnsConfigurer(List.of("10.96.0.10"), "cluster.local", HOST);

    @Test
    void clusterFirstUsesTheClusterDnsClusterSearchesThenHostSearchesAndNdots5() {
        PodDnsConfig config = configurer.configFor(pod("ClusterFirst", false));

        assertThat(config.servers()).containsExactly("10.96.0.10");
        assertThat(config.searches()).containsExactly(
                "shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example", "lab.example");
        assertThat(config.options()).containsExactly("ndots:5");
        assertThat(config.resolvConf()).isEqualTo("""
                nameserver 10.96.0.10
                search shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example
                options ndots:5
                """);
    }

    @Test
    void missingDnsPolicyMeansClusterFirst() {
        assertThat(configurer.configFor(pod(null, false)).servers()).containsExactly("10.96.0.10");
    }

    @Test
    void clusterFirstOnTheHostNetworkFallsBackToTheHostResolver() {
        PodDnsConfig config = configurer.configFor(pod("ClusterFirst", true));

        assertThat(config.servers()).containsExactly("192.168.1.1", "192.168.1.2");
        assertThat(config.searches()).containsExactly("corp.example", "lab.example");
        assertThat(config.options()).containsExactly("edns0", "timeout:2");
    }

    @Test
    void clusterFirstWithHostNetUsesTheClusterDnsOnTheHostNetwork() {
        assertThat(configurer.configFor(pod("ClusterFirstWithHostNet", true)).servers()).containsExactly("10.96.0.10");
    }

    @Test
    void defaultPolicyUsesTheHostResolver() {
        PodDnsConfig config = configurer.configFor(pod("Default", false));

        assertThat(config.servers()).containsExactly("192.168.1.1", "192.168.1.2");
        assertThat(config.searches()).containsExactly("corp.example", "lab.example");
    }

    @Test
    void withoutAHostResolvConfTheHostPolicyPointsAtTheLocalMachine() {
        PodDnsConfigurer noResolvConf = new PodDnsConfigurer(List.of("10.96.0.10"), "cluster.local", null);

        PodDnsConfig config = noResolvConf.configFor(pod("Default", false));

        assertThat(config.servers()).containsExactly("127.0.0.1");
        assertThat(config.searches()).containsExactly(".");
    }

    @Test
    void clusterFirstWithoutAClusterDnsIpFallsBackToTheHostResolver() {
        PodDnsConfigurer noClusterDns = new PodDnsConfigurer(List.of(), "cluster.local", HOST);

        assertThat(noClusterDns.configFor(pod("ClusterFirst", false)).servers())
                .containsExactly("192.168.1.1", "192.168.1.2");
    }

    @Test
    void nonePolicyUsesOnlyTheDnsConfigOfThePod() {
        Pod pod = new PodBuilder(pod("None", false)).editSpec()
                .withDnsConfig(new PodDNSConfigBuilder()
                        .withNameservers("1.1.1.1")
                        .withSearches("my.example")
                        .withOptions(new PodDNSConfigOptionBuilder().withName("ndots").withValue("2").build())
                        .build())
                .endSpec().build();

        PodDnsConfig config = configurer.configFor(pod);

        assertThat(config.servers()).containsExactly("1.1.1.1");
        assertThat(config.searches()).containsExactly("my.example");
        assertThat(config.options()).containsExactly("ndots:2");
    }

    @Test
    void dnsConfigIsAppendedWithoutDuplicatesAndItsOptionsOverride() {
        Pod pod = new PodBuilder(pod("ClusterFirst", false)).editSpec()
                .withDnsConfig(new PodDNSConfigBuilder()
                        .withNameservers("10.96.0.10", "8.8.8.8")
                        .withSearches("cluster.local", "extra.example")
                        .withOptions(
                                new PodDNSConfigOptionBuilder().withName("ndots").withValue("1").build(),
                                new PodDNSConfigOptionBuilder().withName("single-request-reopen").build())
                        .build())
                .endSpec().build();

        PodDnsConfig config = configurer.configFor(pod);

        assertThat(config.servers()).containsExactly("10.96.0.10", "8.8.8.8");
        assertThat(config.searches()).containsExactly("shop.svc.cluster.local", "svc.cluster.local",
                "cluster.local", "corp.example", "lab.example", "extra.example");
        assertThat(config.options()).containsExactly("ndots:1", "single-request-reopen");
    }

    @Test
    void resultIsCutToThreeNameserversAndThirtyTwoSearchDomains() {
        Pod pod = new PodBuilder(pod("None", false)).editSpec()
                .withDnsConfig(new PodDNSConfigBuilder()
                        .withNameservers("1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4")
                        .withSearches(IntStream.range(0, 40).mapToObj(i -> "d" + i + ".example").toList())
                        .build())
                .endSpec().build();

        PodDnsConfig config = configurer.configFor(pod);

        assertThat(config.servers()).containsExactly("1.1.1.1", "1.0.0.1", "8.8.8.8");
        assertThat(config.searches()).hasSize(32).startsWith("d0.example").endsWith("d31.example");
    }

    private static Pod pod(String dnsPolicy, boolean hostNetwork) {
        return new PodBuilder()
                .withNewMetadata().withNamespace("shop").withName("web-0").endMetadata()
                .withNewSpec().withDnsPolicy(dnsPolicy).withHostNetwork(hostNetwork).endSpec()
                .build();
    }
}
