package dev.capstan.scheduling.plugins.podtopologyspread;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.Snapshot;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What PodTopologySpread's PreFilter computes for the DoNotSchedule constraints: per constraint, the
 * matching pods in each eligible domain and the global minimum, so Filter is a label and a map lookup per
 * constraint. Upstream keeps the two smallest domains ("critical paths"), which can go stale when a hook
 * raises the minimum; this keeps the exact minimum, rescanning the domains only when the last domain at
 * the minimum grows.
 */
final class PreFilterState implements CycleState.Data {

    final List<SpreadConstraint> constraints;
    private final Pod pod;
    private final String namespace;
    private final RequiredNodeAffinity nodeAffinity;
    private final boolean[] selfMatch;
    private final List<Map<String, Integer>> domainCounts;
    private final int[] minimum;

    private PreFilterState(List<SpreadConstraint> constraints, Pod pod, RequiredNodeAffinity nodeAffinity,
                           boolean[] selfMatch, List<Map<String, Integer>> domainCounts, int[] minimum) {
        this.constraints = constraints;
        this.pod = pod;
        this.namespace = SpreadConstraint.namespaceOf(pod);
        this.nodeAffinity = nodeAffinity;
        this.selfMatch = selfMatch;
        this.domainCounts = domainCounts;
        this.minimum = minimum;
    }

    static PreFilterState compute(Pod pod, List<SpreadConstraint> constraints, Snapshot snapshot) {
        int size = constraints.size();
        boolean[] selfMatch = new boolean[size];
        List<Map<String, Integer>> counts = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            selfMatch[i] = constraints.get(i).selector().matches(SpreadConstraint.labelsOf(pod));
            counts.add(new HashMap<>());
        }
        PreFilterState state = new PreFilterState(constraints, pod, RequiredNodeAffinity.of(pod), selfMatch, counts,
                new int[size]);
        String namespace = state.namespace;
        for (NodeInfo node : snapshot.nodes()) {
            if (!state.eligible(node)) {
                continue;
            }
            for (int i = 0; i < size; i++) {
                SpreadConstraint constraint = constraints.get(i);
                if (constraint.includes(node.node(), pod, state.nodeAffinity)) {
                    // A domain exists (possibly with 0 pods) as soon as one eligible node is in it.
                    counts.get(i).merge(node.labels().get(constraint.topologyKey()),
                            constraint.countMatching(node.pods(), namespace), Integer::sum);
                }
            }
        }
        for (int i = 0; i < size; i++) {
            state.minimum[i] = minOf(counts.get(i));
        }
        return state;
    }

    private boolean eligible(NodeInfo node) {
        return node.node() != null && SpreadConstraint.hasAllKeys(node.labels(), constraints);
    }

    /** Adds or removes one existing pod on {@code node} (preemption's what-if), keeping the minimum exact. */
    void updateWithPod(PodInfo updated, NodeInfo node, int delta) {
        // Same rules as the fresh count: other namespaces and terminating pods never count.
        if (!eligible(node) || !namespace.equals(SpreadConstraint.namespaceOf(updated.pod()))) {
            return;
        }
        Node object = node.node();
        for (int i = 0; i < constraints.size(); i++) {
            SpreadConstraint constraint = constraints.get(i);
            if (!constraint.includes(object, pod, nodeAffinity) || !constraint.counts(updated.pod(), namespace)) {
                continue;
            }
            Map<String, Integer> counts = domainCounts.get(i);
            String value = node.labels().get(constraint.topologyKey());
            Integer before = counts.get(value);
            int after = (before == null ? 0 : before) + delta;
            counts.put(value, after);
            if (after < minimum[i] || before == null) {
                minimum[i] = Math.min(minimum[i], after);
            } else if (before == minimum[i] && after > before) {
                minimum[i] = minOf(counts);
            }
        }
    }

    private static int minOf(Map<String, Integer> counts) {
        int min = Integer.MAX_VALUE;
        for (int count : counts.values()) {
            min = Math.min(min, count);
        }
        return min;
    }

    /** The global minimum for skew, 0 when fewer eligible domains than {@code minDomains} exist. */
    int minMatching(int constraint) {
        if (domainCounts.get(constraint).size() < constraints.get(constraint).minDomains()) {
            return 0;
        }
        return minimum[constraint];
    }

    int matching(int constraint, String domain) {
        return domainCounts.get(constraint).getOrDefault(domain, 0);
    }

    boolean selfMatch(int constraint) {
        return selfMatch[constraint];
    }

    /** The domains and their counts of one constraint, for tests. */
    Map<String, Integer> domains(int constraint) {
        return Map.copyOf(domainCounts.get(constraint));
    }

    @Override
    public PreFilterState copy() {
        List<Map<String, Integer>> counts = new ArrayList<>(domainCounts.size());
        for (Map<String, Integer> domain : domainCounts) {
            counts.add(new HashMap<>(domain));
        }
        return new PreFilterState(constraints, pod, nodeAffinity, selfMatch, counts, minimum.clone());
    }
}
