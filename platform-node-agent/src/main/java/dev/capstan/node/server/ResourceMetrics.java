package dev.capstan.node.server;

import dev.capstan.node.stats.ContainerUsage;
import dev.capstan.node.stats.NodeUsage;
import dev.capstan.node.stats.PodUsage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders {@code /metrics/resource}, what metrics-server scrapes: upstream kubelet's resource metrics collector's
 * families with its stability markers in HELP, node, container (sandbox excluded, as in the summary API) and pod
 * CPU and working set, each stamped with the read time; start times unstamped; and the scrape error gauges.
 */
public final class ResourceMetrics {

    private static final String NODE_CPU = "node_cpu_usage_seconds_total";
    private static final String NODE_MEMORY = "node_memory_working_set_bytes";
    private static final String CONTAINER_CPU = "container_cpu_usage_seconds_total";
    private static final String CONTAINER_MEMORY = "container_memory_working_set_bytes";
    private static final String CONTAINER_START = "container_start_time_seconds";
    private static final String POD_CPU = "pod_cpu_usage_seconds_total";
    private static final String POD_MEMORY = "pod_memory_working_set_bytes";
    private static final String SCRAPE_ERROR = "scrape_error";
    private static final String RESOURCE_SCRAPE_ERROR = "resource_scrape_error";

    private ResourceMetrics() {
    }

    public static String render(NodeUsage usage) {
        String error = "1 if there was an error while getting container metrics, 0 otherwise";
        PrometheusText text = new PrometheusText()
                .family(NODE_CPU, "counter", "[STABLE] Cumulative cpu time consumed by the node in core-seconds")
                .family(NODE_MEMORY, "gauge", "[STABLE] Current working set of the node in bytes")
                .family(CONTAINER_CPU, "counter",
                        "[STABLE] Cumulative cpu time consumed by the container in core-seconds")
                .family(CONTAINER_MEMORY, "gauge", "[STABLE] Current working set of the container in bytes")
                .family(CONTAINER_START, "gauge", "[STABLE] Start time of the container since unix epoch in seconds")
                .family(POD_CPU, "counter", "[STABLE] Cumulative cpu time consumed by the pod in core-seconds")
                .family(POD_MEMORY, "gauge", "[STABLE] Current working set of the pod in bytes")
                .family(SCRAPE_ERROR, "gauge", "[ALPHA] (Deprecated since 1.29.0) " + error)
                .family(RESOURCE_SCRAPE_ERROR, "gauge", "[STABLE] " + error);
        long at = usage.readAt().toEpochMilli();
        if (usage.node() != null) {
            text.sample(NODE_CPU, Map.of(), usage.node().cpuUsageNanos() / 1e9, at);
            text.sample(NODE_MEMORY, Map.of(), usage.node().workingSetBytes(), at);
        }
        for (PodUsage pod : usage.pods()) {
            for (ContainerUsage c : pod.containers()) {
                if (c.isSandbox()) {
                    continue;
                }
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("container", c.containerName());
                labels.put("namespace", pod.namespace());
                labels.put("pod", pod.name());
                text.sample(CONTAINER_START, labels, c.startedAt().getEpochSecond() + c.startedAt().getNano() / 1e9,
                        null);
                text.sample(CONTAINER_CPU, labels, c.stats().cpuUsageNanos() / 1e9, at);
                text.sample(CONTAINER_MEMORY, labels, c.stats().workingSetBytes(), at);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("namespace", pod.namespace());
            labels.put("pod", pod.name());
            text.sample(POD_CPU, labels, pod.total().cpuUsageNanos() / 1e9, at);
            text.sample(POD_MEMORY, labels, pod.total().workingSetBytes(), at);
        }
        text.sample(SCRAPE_ERROR, Map.of(), usage.failed() ? 1 : 0, null);
        text.sample(RESOURCE_SCRAPE_ERROR, Map.of(), usage.failed() ? 1 : 0, null);
        return text.render();
    }
}
