package dev.capstan.scheduling.plugins.interpodaffinity;

import dev.capstan.scheduling.PodInfo;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Existing pods' parsed terms, so each cycle does not re-parse the selectors of every pod with affinity in
 * the cluster (upstream keeps them in its PodInfo). Keyed by the {@link PodInfo} object, which the scheduler
 * cache creates once per pod version and snapshots share; PodInfo has identity equality, and the weak keys
 * let entries go with the PodInfo. A pod's affinity is immutable once created, so an entry never goes stale.
 */
final class TermCache {

    private final Map<PodInfo, PodAffinityTerms> terms = Collections.synchronizedMap(new WeakHashMap<>());

    PodAffinityTerms termsOf(PodInfo pod) {
        return terms.computeIfAbsent(pod, p -> PodAffinityTerms.ofExisting(p.pod()));
    }
}
