package dev.capstan.scheduling.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod's parsed preferred node affinity (upstream's {@code nodeaffinity.PreferredSchedulingTerms}): a node's
 * score is the sum of the weights of the terms it matches. Terms with weight 0 or no expressions are dropped.
 */
final class PreferredTerms {

    private record Weighted(SelectorTerm term, int weight) {
    }

    private final List<Weighted> terms;

    private PreferredTerms(List<Weighted> terms) {
        this.terms = terms;
    }

    /**
     * Unlike required terms, an invalid preferred term is an error for the whole pod, as upstream.
     *
     * @throws IllegalArgumentException naming the first invalid term
     */
    static PreferredTerms parse(List<PreferredSchedulingTerm> preferred) {
        List<Weighted> parsed = new ArrayList<>();
        for (int i = 0; i < preferred.size(); i++) {
            PreferredSchedulingTerm term = preferred.get(i);
            int weight = term.getWeight() == null ? 0 : term.getWeight();
            if (weight == 0 || SelectorTerm.isEmpty(term.getPreference())) {
                continue;
            }
            try {
                parsed.add(new Weighted(SelectorTerm.parse(term.getPreference()), weight));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PreferredSchedulingTerms[" + i + "]: " + e.getMessage(), e);
            }
        }
        return new PreferredTerms(List.copyOf(parsed));
    }

    long score(Map<String, String> nodeLabels, String nodeName) {
        long sum = 0;
        for (Weighted weighted : terms) {
            if (weighted.term().matches(nodeLabels, nodeName)) {
                sum += weighted.weight();
            }
        }
        return sum;
    }
}
