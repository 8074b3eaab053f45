package dev.capstan.testkit;

import io.fabric8.kubernetes.api.model.Taint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What simulated nodes look like: capacity (also their allocatable), labels per node index (e.g. a zone
 * chosen by index) and taints.
 *
 * @param namePrefix nodes are named {@code <prefix><index>}
 * @param cpu CPU capacity, e.g. {@code "4"}
 * @param memory memory capacity, e.g. {@code "32Gi"}
 * @param pods pod capacity
 * @param labels extra labels of the node with this index (hostname, os and arch are always set)
 * @param taints taints of every node
 */
public record NodeShape(String namePrefix, String cpu, String memory, int pods, IntFunction<Map<String, String>> labels,
                        List<Taint> taints) {

    /** 4 CPUs, 32Gi, 110 pods, no labels or taints: upstream scheduler_perf's default node. */
    public static NodeShape standard(String namePrefix) {
        return new NodeShape(namePrefix, "4", "32Gi", 110, i -> Map.of(), List.of());
    }

    /** The same shape spread round-robin over {@code zones} zones ({@code topology.kubernetes.io/zone}). */
    public NodeShape inZones(String... zones) {
        IntFunction<Map<String, String>> previous = labels;
        return new NodeShape(namePrefix, cpu, memory, pods, i -> {
            Map<String, String> merged = new HashMap<>(previous.apply(i));
            merged.put("topology.kubernetes.io/zone", zones[i % zones.length]);
            return merged;
        }, taints);
    }

    public NodeShape withCapacity(String newCpu, String newMemory, int newPods) {
        return new NodeShape(namePrefix, newCpu, newMemory, newPods, labels, taints);
    }

    public NodeShape withTaints(List<Taint> newTaints) {
        return new NodeShape(namePrefix, cpu, memory, pods, labels, newTaints);
    }
}
