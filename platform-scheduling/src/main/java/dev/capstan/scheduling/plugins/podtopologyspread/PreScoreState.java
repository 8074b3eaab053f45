package dev.capstan.scheduling.plugins.podtopologyspread;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.Snapshot;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PodTopologySpread's scoring input for the ScheduleAnyway constraints (upstream's {@code preScoreState}):
 * matching pods per domain over all eligible nodes (only domains that contain a feasible node), a
 * normalizing weight per constraint ({@code log(domains + 2)}, so many small domains do not drown out few
 * big ones), and the feasible nodes that lack a topology key (scored 0). Hostname constraints are counted
 * per node in Score instead: every node is its own domain. Immutable once computed.
 */
final class PreScoreState implements CycleState.Data {

    static final String HOSTNAME = "kubernetes.io/hostname";

    final List<SpreadConstraint> constraints;
    final Set<String> ignoredNodes;
    private final List<Map<String, Long>> domainCounts;
    private final double[] weights;
    private final String namespace;

    private PreScoreState(List<SpreadConstraint> constraints, Set<String> ignoredNodes, List<Map<String, Long>> domainCounts,
                          double[] weights, String namespace) {
        this.constraints = constraints;
        this.ignoredNodes = ignoredNodes;
        this.domainCounts = domainCounts;
        this.weights = weights;
        this.namespace = namespace;
    }

    static PreScoreState compute(Pod pod, List<SpreadConstraint> constraints, List<NodeInfo> feasible, Snapshot snapshot) {
        int size = constraints.size();
        Set<String> ignored = new HashSet<>();
        List<Map<String, Long>> counts = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            counts.add(new HashMap<>());
        }
        for (NodeInfo node : feasible) {
            if (!SpreadConstraint.hasAllKeys(node.labels(), constraints)) {
                ignored.add(node.name());
                continue;
            }
            for (int i = 0; i < size; i++) {
                String key = constraints.get(i).topologyKey();
                if (!HOSTNAME.equals(key)) {
                    counts.get(i).putIfAbsent(node.labels().get(key), 0L);
                }
            }
        }
        double[] weights = new double[size];
        for (int i = 0; i < size; i++) {
            int domains = HOSTNAME.equals(constraints.get(i).topologyKey()) ? feasible.size() - ignored.size()
                    : counts.get(i).size();
            weights[i] = Math.log(domains + 2);
        }
        String namespace = SpreadConstraint.namespaceOf(pod);
        RequiredNodeAffinity nodeAffinity = RequiredNodeAffinity.of(pod);
        for (NodeInfo node : snapshot.nodes()) {
            if (node.node() == null || !SpreadConstraint.hasAllKeys(node.labels(), constraints)) {
                continue;
            }
            for (int i = 0; i < size; i++) {
                SpreadConstraint constraint = constraints.get(i);
                Map<String, Long> domains = counts.get(i);
                String value = node.labels().get(constraint.topologyKey());
                // Domains without a feasible node cannot be chosen, so their pods need not be counted.
                if (domains.containsKey(value) && constraint.includes(node.node(), pod, nodeAffinity)) {
                    domains.merge(value, (long) constraint.countMatching(node.pods(), namespace), Long::sum);
                }
            }
        }
        return new PreScoreState(constraints, Set.copyOf(ignored), counts, weights, namespace);
    }

    /** The raw score: the weighted matching-pod count of the node's domains (higher is worse). */
    long score(NodeInfo node) {
        if (ignoredNodes.contains(node.name())) {
            return 0;
        }
        double score = 0;
        for (int i = 0; i < constraints.size(); i++) {
            SpreadConstraint constraint = constraints.get(i);
            String value = node.labels().get(constraint.topologyKey());
            if (value == null) {
                continue;
            }
            long count = HOSTNAME.equals(constraint.topologyKey()) ? constraint.countMatching(node.pods(), namespace)
                    : domainCounts.get(i).getOrDefault(value, 0L);
            // maxSkew - 1 is added so that larger tolerated skews water the differences down.
            score += count * weights[i] + (constraint.maxSkew() - 1);
        }
        return Math.round(score);
    }

    @Override
    public PreScoreState copy() {
        return this;
    }
}
