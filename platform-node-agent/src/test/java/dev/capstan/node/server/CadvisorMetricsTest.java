package dev.capstan.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CadvisorMetricsTest {

    private final String text = CadvisorMetrics.render(UsageFixtures.node(false));

    @Test
    void aContainersUsageCarriesCadvisorsLabelsAndTheReadTime() {
        String app = "container=\"app\",id=\"/k8s.io/c1\",image=\"busybox:1\",name=\"c1\",namespace=\"default\","
                + "pod=\"web\"";
        assertThat(text).contains("""
                # HELP container_cpu_usage_seconds_total Cumulative cpu time consumed in seconds.
                # TYPE container_cpu_usage_seconds_total counter
                """)
                .contains("\ncontainer_cpu_usage_seconds_total{container=\"app\",cpu=\"total\",id=\"/k8s.io/c1\","
                        + "image=\"busybox:1\",name=\"c1\",namespace=\"default\",pod=\"web\"} 1.5 1795572000250\n")
                .contains("\ncontainer_memory_usage_bytes{" + app + "} 4096 1795572000250\n")
                .contains("\ncontainer_memory_working_set_bytes{" + app + "} 2048 1795572000250\n")
                .contains("\ncontainer_memory_rss{" + app + "} 1024 1795572000250\n")
                .contains("\ncontainer_last_seen{" + app + "} 1795572000 1795572000250\n");
    }

    @Test
    void specSamplesHaveNoTimestampAndAnUnlimitedContainerHasLimitZero() {
        String app = "container=\"app\",id=\"/k8s.io/c1\",image=\"busybox:1\",name=\"c1\",namespace=\"default\","
                + "pod=\"web\"";
        assertThat(text).contains("\ncontainer_spec_memory_limit_bytes{" + app + "} 0\n")
                .contains("\ncontainer_start_time_seconds{" + app + "} 1795568400\n")
                .contains("\ncontainer_spec_memory_limit_bytes{container=\"postgres\",id=\"/kubepods/poduid2/c2\","
                        + "image=\"postgres:16\",name=\"c2\",namespace=\"data\",pod=\"db\"} 1048576\n");
    }

    @Test
    void theSandboxIsContainerPod() {
        assertThat(text).contains("\ncontainer_memory_working_set_bytes{container=\"POD\",id=\"/k8s.io/s1\","
                + "image=\"pause:3.9\",name=\"s1\",namespace=\"default\",pod=\"web\"} 256 1795572000250\n");
    }

    @Test
    void thePodCgroupAndTheRootAreSeriesWithoutAContainer() {
        assertThat(text).contains("\ncontainer_cpu_usage_seconds_total{container=\"\",cpu=\"total\","
                        + "id=\"/kubepods/poduid2\",image=\"\",name=\"\",namespace=\"data\",pod=\"db\"} 2 1795572000250\n")
                .contains("\ncontainer_memory_working_set_bytes{container=\"\",id=\"/\",image=\"\",name=\"\","
                        + "namespace=\"\",pod=\"\"} 800000 1795572000250\n");
    }

    @Test
    void aContainerThatHasUsedNoCpuYetHasNoCpuSeriesAsInCadvisor() {
        assertThat(text).doesNotContainPattern("container_cpu_usage_seconds_total\\{container=\"postgres\"")
                .containsPattern("container_memory_working_set_bytes\\{container=\"postgres\"");
    }

    @Test
    void theScrapeErrorSaysWhetherSomethingCouldNotBeRead() {
        assertThat(text).contains("\ncontainer_scrape_error 0\n");
        assertThat(CadvisorMetrics.render(UsageFixtures.node(true))).contains("\ncontainer_scrape_error 1\n");
    }
}
