package dev.capstan.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Upstream kubelet's mapping of a request to the nodes subresource an operator grants. */
class KubeletRequestAttributesTest {

    @Test
    void metricsEndpointsAreTheMetricsSubresource() {
        assertThat(KubeletRequestAttributes.of("GET", "/metrics")).isEqualTo(new KubeletRequestAttributes("get", "metrics"));
        assertThat(KubeletRequestAttributes.of("GET", "/metrics/cadvisor").subresource()).isEqualTo("metrics");
        assertThat(KubeletRequestAttributes.of("GET", "/metrics/resource").subresource()).isEqualTo("metrics");
    }

    @Test
    void statsAndLogsHaveTheirOwnSubresources() {
        assertThat(KubeletRequestAttributes.of("GET", "/stats/summary").subresource()).isEqualTo("stats");
        assertThat(KubeletRequestAttributes.of("GET", "/logs/syslog").subresource()).isEqualTo("log");
    }

    @Test
    void everythingElseIsProxyWithTheVerbOfItsMethod() {
        assertThat(KubeletRequestAttributes.of("POST", "/exec/default/web/main"))
                .isEqualTo(new KubeletRequestAttributes("create", "proxy"));
        assertThat(KubeletRequestAttributes.of("GET", "/containerLogs/default/web/main").subresource()).isEqualTo("proxy");
        assertThat(KubeletRequestAttributes.of("GET", "/healthz").subresource()).isEqualTo("proxy");
        // a prefix of a name is not the path below it
        assertThat(KubeletRequestAttributes.of("GET", "/metricsx").subresource()).isEqualTo("proxy");
    }
}
