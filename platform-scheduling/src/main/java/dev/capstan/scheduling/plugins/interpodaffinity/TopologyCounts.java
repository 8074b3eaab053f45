package dev.capstan.scheduling.plugins.interpodaffinity;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Matching-term counts per topology domain (upstream's {@code topologyToMatchedTermCount}). Also keeps how
 * many domains each topology key has so a filter can look up only the keys that occur (usually one or
 * two) instead of iterating over every label of the node. Written in PreFilter and by the add/remove hooks
 * on a copied state; read concurrently by filters.
 */
final class TopologyCounts {

    private final Map<TopologyPair, Long> counts;
    private final Map<String, Integer> domainsPerKey;

    TopologyCounts() {
        this(new HashMap<>(), new HashMap<>());
    }

    private TopologyCounts(Map<TopologyPair, Long> counts, Map<String, Integer> domainsPerKey) {
        this.counts = counts;
        this.domainsPerKey = domainsPerKey;
    }

    /** Adds {@code delta} to the domain {@code key=value}; a domain that drops to zero is forgotten. */
    void add(String key, String value, long delta) {
        if (delta == 0) {
            return;
        }
        TopologyPair pair = new TopologyPair(key, value);
        Long previous = counts.get(pair);
        long updated = (previous == null ? 0 : previous) + delta;
        if (updated == 0) {
            counts.remove(pair);
            domainsPerKey.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
        } else {
            counts.put(pair, updated);
            if (previous == null) {
                domainsPerKey.merge(key, 1, Integer::sum);
            }
        }
    }

    /** The count of the domain {@code key=value}, 0 when none. */
    long get(String key, String value) {
        Long count = counts.get(new TopologyPair(key, value));
        return count == null ? 0 : count;
    }

    /** Whether any domain of the node (by its labels) has a positive count. */
    boolean anyPositive(Map<String, String> nodeLabels) {
        for (String key : domainsPerKey.keySet()) {
            String value = nodeLabels.get(key);
            if (value != null && get(key, value) > 0) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    Set<String> keys() {
        return domainsPerKey.keySet();
    }

    /** The counts as a map, for tests and debugging. */
    Map<TopologyPair, Long> asMap() {
        return Map.copyOf(counts);
    }

    TopologyCounts copy() {
        return new TopologyCounts(new HashMap<>(counts), new HashMap<>(domainsPerKey));
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
