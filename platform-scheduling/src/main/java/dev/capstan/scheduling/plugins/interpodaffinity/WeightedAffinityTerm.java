package dev.capstan.scheduling.plugins.interpodaffinity;

/**
 * A preferred (soft) term with its weight (1-100), upstream's {@code WeightedAffinityTerm}.
 *
 * @param term the parsed term
 * @param weight added to (affinity) or subtracted from (anti-affinity) a matching topology domain's score
 */
record WeightedAffinityTerm(AffinityTerm term, int weight) {
}
