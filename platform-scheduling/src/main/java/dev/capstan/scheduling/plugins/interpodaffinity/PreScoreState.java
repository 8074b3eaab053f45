package dev.capstan.scheduling.plugins.interpodaffinity;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.Snapshot;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * InterPodAffinity's scoring input: a score per topology key and value, summed from every existing pod's
 * relation with the incoming pod (upstream's {@code scoreMap}). A node's raw score is the sum, over the
 * keys, of the value its label has. Immutable once computed.
 */
final class PreScoreState implements CycleState.Data {

    private final Map<String, Map<String, Long>> topologyScore;

    private PreScoreState(Map<String, Map<String, Long>> topologyScore) {
        this.topologyScore = topologyScore;
    }

    /**
     * Walks the existing pods that can matter: every pod when the incoming pod has preferred terms,
     * otherwise only pods that have (anti-)affinity of their own.
     */
    static PreScoreState compute(Pod pod, PodAffinityTerms incoming, Snapshot snapshot, int hardPodAffinityWeight,
                                 TermCache cache) {
        Map<String, Map<String, Long>> scores = new HashMap<>();
        boolean incomingPreferences = incoming.hasPreferred();
        List<NodeInfo> nodes = incomingPreferences ? snapshot.nodes() : snapshot.nodesWithAffinityPods();
        for (NodeInfo node : nodes) {
            Map<String, String> labels = node.labels();
            if (node.node() == null || labels.isEmpty()) {
                continue;
            }
            for (PodInfo existing : incomingPreferences ? node.pods() : node.podsWithAffinity()) {
                Pod other = existing.pod();
                // The incoming pod's preferences towards the existing pod.
                addWeighted(scores, incoming.preferredAffinity(), other, labels, 1);
                addWeighted(scores, incoming.preferredAntiAffinity(), other, labels, -1);
                if (!existing.hasAffinity()) {
                    continue;
                }
                // The existing pod's rules towards the incoming pod (symmetry).
                PodAffinityTerms own = cache.termsOf(existing);
                if (hardPodAffinityWeight > 0) {
                    for (AffinityTerm term : own.requiredAffinity()) {
                        add(scores, term, hardPodAffinityWeight, pod, labels);
                    }
                }
                addWeighted(scores, own.preferredAffinity(), pod, labels, 1);
                addWeighted(scores, own.preferredAntiAffinity(), pod, labels, -1);
            }
        }
        return new PreScoreState(scores);
    }

    private static void addWeighted(Map<String, Map<String, Long>> scores, List<WeightedAffinityTerm> terms, Pod target,
                                    Map<String, String> nodeLabels, int sign) {
        for (WeightedAffinityTerm weighted : terms) {
            add(scores, weighted.term(), (long) sign * weighted.weight(), target, nodeLabels);
        }
    }

    private static void add(Map<String, Map<String, Long>> scores, AffinityTerm term, long weight, Pod target,
                            Map<String, String> nodeLabels) {
        String value = nodeLabels.get(term.topologyKey());
        if (value != null && term.matches(target)) {
            scores.computeIfAbsent(term.topologyKey(), k -> new HashMap<>()).merge(value, weight, Long::sum);
        }
    }

    boolean isEmpty() {
        return topologyScore.isEmpty();
    }

    /** The node's raw score: the sum of the scores of the domains it is in. */
    long score(Map<String, String> nodeLabels) {
        long score = 0;
        for (Map.Entry<String, Map<String, Long>> byKey : topologyScore.entrySet()) {
            String value = nodeLabels.get(byKey.getKey());
            if (value != null) {
                score += byKey.getValue().getOrDefault(value, 0L);
            }
        }
        return score;
    }

    @Override
    public PreScoreState copy() {
        return this;
    }
}
