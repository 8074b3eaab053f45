package dev.capstan.scheduling.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The four kinds of inter-pod (anti-)affinity terms of one pod, parsed. The incoming pod is parsed strictly
 * (an invalid selector fails the cycle, as upstream); existing pods were validated by the API server, so
 * their unparsable terms are dropped instead of failing someone else's scheduling.
 *
 * @param requiredAffinity required pod affinity terms
 * @param requiredAntiAffinity required pod anti-affinity terms
 * @param preferredAffinity preferred pod affinity terms
 * @param preferredAntiAffinity preferred pod anti-affinity terms
 */
record PodAffinityTerms(List<AffinityTerm> requiredAffinity, List<AffinityTerm> requiredAntiAffinity,
                        List<WeightedAffinityTerm> preferredAffinity, List<WeightedAffinityTerm> preferredAntiAffinity) {

    /** Parses every term of the incoming pod; throws IllegalArgumentException naming the bad list. */
    static PodAffinityTerms ofIncoming(Pod pod) {
        Affinity affinity = affinityOf(pod);
        if (affinity == null) {
            return new PodAffinityTerms(List.of(), List.of(), List.of(), List.of());
        }
        return new PodAffinityTerms(
                required(pod, affinity.getPodAffinity() == null ? null
                        : affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(), "requiredAffinityTerms", true),
                required(pod, affinity.getPodAntiAffinity() == null ? null
                        : affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(), "requiredAntiAffinityTerms", true),
                preferred(pod, affinity.getPodAffinity() == null ? null
                        : affinity.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(), "preferredAffinityTerms", true),
                preferred(pod, affinity.getPodAntiAffinity() == null ? null
                        : affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(), "preferredAntiAffinityTerms", true));
    }

    /** All terms of an existing pod, invalid ones dropped. */
    static PodAffinityTerms ofExisting(Pod pod) {
        Affinity affinity = affinityOf(pod);
        if (affinity == null) {
            return new PodAffinityTerms(List.of(), List.of(), List.of(), List.of());
        }
        return new PodAffinityTerms(
                required(pod, affinity.getPodAffinity() == null ? null
                        : affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(), "", false),
                required(pod, affinity.getPodAntiAffinity() == null ? null
                        : affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(), "", false),
                preferred(pod, affinity.getPodAffinity() == null ? null
                        : affinity.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(), "", false),
                preferred(pod, affinity.getPodAntiAffinity() == null ? null
                        : affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(), "", false));
    }

    boolean hasRequired() {
        return !requiredAffinity.isEmpty() || !requiredAntiAffinity.isEmpty();
    }

    boolean hasPreferred() {
        return !preferredAffinity.isEmpty() || !preferredAntiAffinity.isEmpty();
    }

    private static Affinity affinityOf(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getAffinity();
    }

    private static List<AffinityTerm> required(Pod owner, List<PodAffinityTerm> terms, String field, boolean strict) {
        return parse(terms, term -> AffinityTerm.of(owner, term), field, strict);
    }

    private static List<WeightedAffinityTerm> preferred(Pod owner, List<WeightedPodAffinityTerm> terms, String field,
                                                        boolean strict) {
        return parse(terms, weighted -> new WeightedAffinityTerm(AffinityTerm.of(owner, weighted.getPodAffinityTerm()),
                weighted.getWeight() == null ? 0 : weighted.getWeight()), field, strict);
    }

    private static <S, T> List<T> parse(List<S> terms, Function<S, T> parser, String field, boolean strict) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<T> parsed = new ArrayList<>(terms.size());
        for (S term : terms) {
            try {
                parsed.add(parser.apply(term));
            } catch (IllegalArgumentException | NullPointerException e) {
                if (strict) {
                    throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
                }
            }
        }
        return List.copyOf(parsed);
    }
}
