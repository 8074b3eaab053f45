package dev.capstan.controllers.job;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * The Indexed completion mode's pod management (upstream manageJob with indexed_job_utils): at most one
 * running pod per index, none for succeeded or out-of-range indexes, and new pods for the lowest indexes
 * that are neither succeeded nor running.
 *
 * @param surplus active pods to delete
 * @param start   indexes to create pods for, lowest first
 */
record IndexedPods(List<Pod> surplus, List<Integer> start) {

    static IndexedPods plan(List<Pod> active, SortedSet<Integer> succeeded, int completions, int want) {
        List<Pod> surplus = new ArrayList<>();
        Map<Integer, List<Pod>> byIndex = new LinkedHashMap<>();
        for (Pod pod : active) {
            int index = CompletionIndexes.of(pod);
            if (index < 0 || index >= completions || succeeded.contains(index)) {
                surplus.add(pod);
            } else {
                byIndex.computeIfAbsent(index, i -> new ArrayList<>()).add(pod);
            }
        }
        List<Pod> kept = new ArrayList<>();
        for (List<Pod> pods : byIndex.values()) {
            List<Pod> ordered = JobSync.removalOrder(pods);
            kept.add(ordered.get(ordered.size() - 1)); // keep the most advanced pod of an index
            surplus.addAll(ordered.subList(0, ordered.size() - 1));
        }
        if (kept.size() > want) {
            List<Pod> extra = JobSync.removalOrder(kept).subList(0, kept.size() - want);
            surplus.addAll(extra);
            kept.removeAll(extra);
        }
        List<Integer> start = new ArrayList<>();
        Set<Integer> running = new HashSet<>(byIndex.keySet());
        for (int index = 0; index < completions && kept.size() + start.size() < want; index++) {
            if (!succeeded.contains(index) && !running.contains(index)) {
                start.add(index);
            }
        }
        return new IndexedPods(surplus, start);
    }
}
