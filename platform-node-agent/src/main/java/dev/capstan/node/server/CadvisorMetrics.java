package dev.capstan.node.server;

import dev.capstan.node.stats.CgroupStats;
import dev.capstan.node.stats.ContainerUsage;
import dev.capstan.node.stats.NodeUsage;
import dev.capstan.node.stats.PodUsage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders {@code /metrics/cadvisor}: upstream's embedded cAdvisor's CPU and memory families under its names, help
 * texts and labels ({@code container, id, image, name, namespace, pod}, sorted), one series per cgroup: the node's
 * root ("/"), each pod cgroup (container ""), each running container and each pod's sandbox (container "POD").
 * Usage samples carry the read time as their timestamp, spec samples none, as cAdvisor's collector writes them.
 */
public final class CadvisorMetrics {

    private static final String CPU = "container_cpu_usage_seconds_total";
    private static final String USAGE = "container_memory_usage_bytes";
    private static final String WORKING_SET = "container_memory_working_set_bytes";
    private static final String RSS = "container_memory_rss";
    private static final String LIMIT = "container_spec_memory_limit_bytes";
    private static final String START = "container_start_time_seconds";
    private static final String LAST_SEEN = "container_last_seen";
    private static final String SCRAPE_ERROR = "container_scrape_error";

    private CadvisorMetrics() {
    }

    public static String render(NodeUsage usage) {
        PrometheusText text = new PrometheusText()
                .family(CPU, "counter", "Cumulative cpu time consumed in seconds.")
                .family(USAGE, "gauge",
                        "Current memory usage in bytes, including all memory regardless of when it was accessed")
                .family(WORKING_SET, "gauge", "Current working set in bytes.")
                .family(RSS, "gauge", "Size of RSS in bytes.")
                .family(LIMIT, "gauge", "Memory limit for the container.")
                .family(START, "gauge", "Start time of the container since unix epoch in seconds.")
                .family(LAST_SEEN, "gauge", "Last time a container was seen by the exporter")
                .family(SCRAPE_ERROR, "gauge", "1 if there was an error while getting container metrics, 0 otherwise");
        long at = usage.readAt().toEpochMilli();
        if (usage.node() != null) {
            usageSamples(text, labels("", "/", "", "", "", ""), usage.node(), at);
        }
        for (PodUsage pod : usage.pods()) {
            pod.podCgroup().ifPresent(cgroup -> {
                Map<String, String> labels = labels("", cgroup, "", "", pod.namespace(), pod.name());
                usageSamples(text, labels, pod.total(), at);
                text.sample(LIMIT, labels, pod.total().memoryLimitBytes(), null);
            });
            for (ContainerUsage c : pod.containers()) {
                Map<String, String> labels = labels(c.containerName(), c.cgroup(), c.image(), c.containerId(),
                        pod.namespace(), pod.name());
                usageSamples(text, labels, c.stats(), at);
                text.sample(LIMIT, labels, c.stats().memoryLimitBytes(), null);
                text.sample(START, labels, c.startedAt().getEpochSecond(), null);
            }
        }
        text.sample(SCRAPE_ERROR, Map.of(), usage.failed() ? 1 : 0, null);
        return text.render();
    }

    private static void usageSamples(PrometheusText text, Map<String, String> labels, CgroupStats stats, long at) {
        // cAdvisor leaves the CPU series out until the cgroup has used any CPU at all
        if (stats.cpuUsageNanos() > 0) {
            Map<String, String> withCpu = new LinkedHashMap<>();
            labels.forEach((k, v) -> {
                withCpu.put(k, v);
                if (k.equals("container")) {
                    withCpu.put("cpu", "total");
                }
            });
            text.sample(CPU, withCpu, stats.cpuUsageNanos() / 1e9, at);
        }
        text.sample(USAGE, labels, stats.memoryUsageBytes(), at);
        text.sample(WORKING_SET, labels, stats.workingSetBytes(), at);
        text.sample(RSS, labels, stats.rssBytes(), at);
        text.sample(LAST_SEEN, labels, at / 1000, at);
    }

    private static Map<String, String> labels(String container, String id, String image, String name,
                                              String namespace, String pod) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("container", container);
        labels.put("id", id);
        labels.put("image", image);
        labels.put("name", name);
        labels.put("namespace", namespace);
        labels.put("pod", pod);
        return labels;
    }
}
