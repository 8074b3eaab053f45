package dev.capstan.scheduling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as one scheduling cycle sees it: every node with its pods, taken from the scheduler cache
 * once per cycle so all plugins judge the same state. Read-only for plugins, and valid for the cycle it
 * was taken for (the cache updates it in place for the next one); preemption works on copies of single
 * {@link NodeInfo}s.
 */
public final class Snapshot {

    private final List<NodeInfo> nodes;
    private final Map<String, Integer> index;
    private final List<NodeInfo> withAffinityPods;
    private final List<NodeInfo> withRequiredAntiAffinityPods;

    /** A snapshot of these nodes (copied into the snapshot's own list). */
    public Snapshot(List<NodeInfo> nodes) {
        this(new ArrayList<>(nodes), indexOf(nodes));
    }

    /**
     * A snapshot over the scheduler cache's own list and name index, which the cache updates in place
     * between cycles (replacing changed nodes' copies); it makes a new snapshot when nodes come or go or
     * nodes with affinity pods change, since the affinity lists are computed here.
     */
    public static Snapshot live(List<NodeInfo> nodes, Map<String, Integer> index) {
        return new Snapshot(nodes, index);
    }

    private Snapshot(List<NodeInfo> nodes, Map<String, Integer> index) {
        this.nodes = Collections.unmodifiableList(nodes);
        this.index = Collections.unmodifiableMap(index);
        List<NodeInfo> affinity = new ArrayList<>();
        List<NodeInfo> antiAffinity = new ArrayList<>();
        for (NodeInfo node : nodes) {
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
        Integer at = index.get(nodeName);
        return at == null ? null : nodes.get(at);
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

    private static Map<String, Integer> indexOf(List<NodeInfo> nodes) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).name(), i);
        }
        return index;
    }
}
