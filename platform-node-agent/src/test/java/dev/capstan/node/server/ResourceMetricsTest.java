package dev.capstan.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.node.stats.NodeUsage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceMetricsTest {

    @Test
    void rendersUpstreamsResourceMetricsWithTheReadTimeAsTimestamp() {
        assertThat(ResourceMetrics.render(UsageFixtures.node(false))).isEqualTo("""
                # HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds
                # TYPE container_cpu_usage_seconds_total counter
                container_cpu_usage_seconds_total{container="app",namespace="default",pod="web"} 1.5 1795572000250
                container_cpu_usage_seconds_total{container="postgres",namespace="data",pod="db"} 0 1795572000250
                # HELP container_memory_working_set_bytes [STABLE] Current working set of the container in bytes
                # TYPE container_memory_working_set_bytes gauge
                container_memory_working_set_bytes{container="app",namespace="default",pod="web"} 2048 1795572000250
                container_memory_working_set_bytes{container="postgres",namespace="data",pod="db"} 8192 1795572000250
                # HELP container_start_time_seconds [STABLE] Start time of the container since unix epoch in seconds
                # TYPE container_start_time_seconds gauge
                container_start_time_seconds{container="app",namespace="default",pod="web"} 1795568400.5
                container_start_time_seconds{container="postgres",namespace="data",pod="db"} 1795570200
                # HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the node in core-seconds
                # TYPE node_cpu_usage_seconds_total counter
                node_cpu_usage_seconds_total 100 1795572000250
                # HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes
                # TYPE node_memory_working_set_bytes gauge
                node_memory_working_set_bytes 800000 1795572000250
                # HELP pod_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the pod in core-seconds
                # TYPE pod_cpu_usage_seconds_total counter
                pod_cpu_usage_seconds_total{namespace="data",pod="db"} 2 1795572000250
                pod_cpu_usage_seconds_total{namespace="default",pod="web"} 1.51 1795572000250
                # HELP pod_memory_working_set_bytes [STABLE] Current working set of the pod in bytes
                # TYPE pod_memory_working_set_bytes gauge
                pod_memory_working_set_bytes{namespace="data",pod="db"} 8500 1795572000250
                pod_memory_working_set_bytes{namespace="default",pod="web"} 2304 1795572000250
                # HELP resource_scrape_error [STABLE] 1 if there was an error while getting container metrics, 0 otherwise
                # TYPE resource_scrape_error gauge
                resource_scrape_error 0
                # HELP scrape_error [ALPHA] (Deprecated since 1.29.0) 1 if there was an error while getting container metrics, 0 otherwise
                # TYPE scrape_error gauge
                scrape_error 0
                """);
    }

    @Test
    void aFailedReadIsAScrapeErrorNotAnEmptyAnswer() {
        assertThat(ResourceMetrics.render(new NodeUsage(Instant.EPOCH, null, List.of(), true))).isEqualTo("""
                # HELP resource_scrape_error [STABLE] 1 if there was an error while getting container metrics, 0 otherwise
                # TYPE resource_scrape_error gauge
                resource_scrape_error 1
                # HELP scrape_error [ALPHA] (Deprecated since 1.29.0) 1 if there was an error while getting container metrics, 0 otherwise
                # TYPE scrape_error gauge
                scrape_error 1
                """);
    }
}
