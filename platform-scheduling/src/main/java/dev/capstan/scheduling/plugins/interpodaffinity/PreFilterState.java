package dev.capstan.scheduling.plugins.interpodaffinity;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.Snapshot;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * What InterPodAffinity's PreFilter computes once per pod so that Filter is a few map lookups per node:
 * <ul>
 *   <li>{@code existingAntiAffinity}: per topology domain, how many required anti-affinity terms of existing
 *       pods the incoming pod matches (the symmetric check);</li>
 *   <li>{@code affinity}: per domain, how many existing pods match all the incoming pod's required affinity
 *       terms (counted once per term whose topology key the pod's node has);</li>
 *   <li>{@code antiAffinity}: per domain, how many existing pods match each required anti-affinity term.</li>
 * </ul>
 * The counts are mutable only through {@link #updateWithPod} on a {@link #copy()} (preemption's simulation).
 */
final class PreFilterState implements CycleState.Data {

    private final Pod pod;
    private final PodAffinityTerms terms;
    private final TermCache cache;
    private final boolean matchesOwnAffinity;
    final TopologyCounts existingAntiAffinity;
    final TopologyCounts affinity;
    final TopologyCounts antiAffinity;

    private PreFilterState(Pod pod, PodAffinityTerms terms, TermCache cache, boolean matchesOwnAffinity,
                           TopologyCounts existingAntiAffinity, TopologyCounts affinity, TopologyCounts antiAffinity) {
        this.pod = pod;
        this.terms = terms;
        this.cache = cache;
        this.matchesOwnAffinity = matchesOwnAffinity;
        this.existingAntiAffinity = existingAntiAffinity;
        this.affinity = affinity;
        this.antiAffinity = antiAffinity;
    }

    /** Scans the snapshot; {@code terms} are the incoming pod's parsed terms. */
    static PreFilterState compute(Pod pod, PodAffinityTerms terms, Snapshot snapshot, TermCache cache) {
        PreFilterState state = new PreFilterState(pod, terms, cache, matchesAll(terms.requiredAffinity(), pod),
                new TopologyCounts(), new TopologyCounts(), new TopologyCounts());
        // Only nodes with pods that have required anti-affinity can reject the incoming pod symmetrically.
        for (NodeInfo node : snapshot.nodesWithRequiredAntiAffinityPods()) {
            if (node.node() == null) {
                continue;
            }
            for (PodInfo existing : node.podsWithRequiredAntiAffinity()) {
                state.countExistingAntiAffinity(existing, node.labels(), 1);
            }
        }
        if (terms.hasRequired()) {
            for (NodeInfo node : snapshot.nodes()) {
                if (node.node() == null) {
                    continue;
                }
                for (PodInfo existing : node.pods()) {
                    state.countIncomingTerms(existing.pod(), node.labels(), 1);
                }
            }
        }
        return state;
    }

    /** Adds ({@code delta} 1) or removes ({@code delta} -1) an existing pod on {@code node} from the counts. */
    void updateWithPod(PodInfo updated, NodeInfo node, int delta) {
        if (node.node() == null) {
            return;
        }
        if (updated.hasRequiredAntiAffinity()) {
            countExistingAntiAffinity(updated, node.labels(), delta);
        }
        countIncomingTerms(updated.pod(), node.labels(), delta);
    }

    private void countExistingAntiAffinity(PodInfo existing, Map<String, String> nodeLabels, int delta) {
        for (AffinityTerm term : cache.termsOf(existing).requiredAntiAffinity()) {
            String value = nodeLabels.get(term.topologyKey());
            if (value != null && term.matches(pod)) {
                existingAntiAffinity.add(term.topologyKey(), value, delta);
            }
        }
    }

    private void countIncomingTerms(Pod existing, Map<String, String> nodeLabels, int delta) {
        // Affinity needs one pod matching every term at once, so the pod counts for all terms or none.
        if (matchesAll(terms.requiredAffinity(), existing)) {
            for (AffinityTerm term : terms.requiredAffinity()) {
                String value = nodeLabels.get(term.topologyKey());
                if (value != null) {
                    affinity.add(term.topologyKey(), value, delta);
                }
            }
        }
        for (AffinityTerm term : terms.requiredAntiAffinity()) {
            String value = nodeLabels.get(term.topologyKey());
            if (value != null && term.matches(existing)) {
                antiAffinity.add(term.topologyKey(), value, delta);
            }
        }
    }

    static boolean matchesAll(List<AffinityTerm> terms, Pod pod) {
        if (terms.isEmpty()) {
            return false;
        }
        for (AffinityTerm term : terms) {
            if (!term.matches(pod)) {
                return false;
            }
        }
        return true;
    }

    PodAffinityTerms terms() {
        return terms;
    }

    /** The incoming pod matches all its own required affinity terms (the "first pod of a group" case). */
    boolean matchesOwnAffinity() {
        return matchesOwnAffinity;
    }

    boolean skippable() {
        return existingAntiAffinity.isEmpty() && !terms.hasRequired();
    }

    @Override
    public PreFilterState copy() {
        return new PreFilterState(pod, terms, cache, matchesOwnAffinity, existingAntiAffinity.copy(), affinity.copy(),
                antiAffinity.copy());
    }
}
