package dev.capstan.scheduling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as one scheduling cycle sees it: every node with its pods, taken from the scheduler cache
 * once per cycle so all plugins judge the same state. Read-only for plugins; preemption works on copies
 * of single {@link NodeInfo}s.
 */
public final class Snapshot {

    private final List<NodeInfo> nodes;
    private final Map<String, NodeInfo> byName;
    private final List<NodeInfo> withAffinityPods;
    private final List<NodeInfo> withRequiredAntiAffinityPods;

    public Snapshot(List<NodeInfo> nodes) {
        this.nodes = Collections.unmodifiableList(new ArrayList<>(nodes));
        this.byName = new HashMap<>();
        List<NodeInfo> affinity = new ArrayList<>();
        List<NodeInfo> antiAffinity = new ArrayList<>();
        for (NodeInfo node : nodes) {
            byName.put(node.name(), node);
            if (!node.podsWithAffinity().isEmpty()) {
                affinity.add(node);
            }
            if (!node.podsWithRequiredAntiAffinity().isEmpty()) {
                antiAffinity.add(node);
            }
        }
        this.withAffinityPods = Collections.unmodifiableList(affinity);
        this.withRequiredAntiAffinityPods = Collections.unmodifiableList(antiAffinity);
    }

    /** Every node, in a stable order. */
    public List<NodeInfo> nodes() {
        return nodes;
    }

    /** The node by name, or null. */
    public NodeInfo get(String nodeName) {
        return byName.get(nodeName);
    }

    /** Nodes with at least one pod that has pod affinity or anti-affinity. */
    public List<NodeInfo> nodesWithAffinityPods() {
        return withAffinityPods;
    }

    /** Nodes with at least one pod that has required pod anti-affinity. */
    public List<NodeInfo> nodesWithRequiredAntiAffinityPods() {
        return withRequiredAntiAffinityPods;
    }

    public int size() {
        return nodes.size();
    }
}
