package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Upstream's {@code FitError.Error()} for preemption: {@code "0/3 nodes are available: 1 Insufficient cpu, 2
 * Preemption is not helpful for scheduling."} — a histogram of the reasons of the nodes preemption tried,
 * every other node counted as "Preemption is not helpful for scheduling", sorted as strings.
 */
final class FitErrorMessage {

    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";

    private FitErrorMessage() {
    }

    static String of(int numAllNodes, Map<String, Status> nodeStatuses) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Status status : nodeStatuses.values()) {
            for (String reason : status.reasons()) {
                counts.merge(reason, 1, Integer::sum);
            }
        }
        int absent = numAllNodes - nodeStatuses.size();
        if (absent > 0) {
            counts.merge(NOT_HELPFUL, absent, Integer::sum);
        }
        List<String> histogram = new ArrayList<>();
        counts.forEach((reason, count) -> histogram.add(count + " " + reason));
        histogram.sort(null);
        String message = "0/" + numAllNodes + " nodes are available:";
        return histogram.isEmpty() ? message : message + " " + String.join(", ", histogram) + ".";
    }
}
