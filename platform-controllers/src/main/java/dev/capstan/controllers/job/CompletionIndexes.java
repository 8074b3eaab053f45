package dev.capstan.controllers.job;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The Indexed completion mode's bookkeeping (upstream indexed_job_utils.go): each pod carries its completion
 * index in an annotation (and a label), and {@code status.completedIndexes} lists the succeeded indexes as
 * intervals ({@code "1,3-5,7"}).
 */
final class CompletionIndexes {

    static final String INDEX = "batch.kubernetes.io/job-completion-index";
    static final String INDEXED = "Indexed";

    private CompletionIndexes() {
    }

    static boolean indexed(io.fabric8.kubernetes.api.model.batch.v1.Job job) {
        return INDEXED.equals(job.getSpec().getCompletionMode());
    }

    /** The pod's index, or -1 when it has none or an invalid one. */
    static int of(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(INDEX);
        if (value == null) {
            return -1;
        }
        try {
            int index = Integer.parseInt(value);
            return index < 0 ? -1 : index;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Parses {@code "1,3-5,7"}; indexes at or above {@code completions} are dropped. */
    static SortedSet<Integer> parse(String intervals, int completions) {
        SortedSet<Integer> indexes = new TreeSet<>();
        if (intervals == null || intervals.isBlank()) {
            return indexes;
        }
        for (String part : intervals.split(",")) {
            try {
                int dash = part.indexOf('-');
                int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).trim());
                for (int i = from; i <= to && i < completions; i++) {
                    indexes.add(i);
                }
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                // an unreadable interval is skipped, as upstream does
            }
        }
        return indexes;
    }

    /** Formats sorted indexes as intervals, or null when there are none. */
    static String format(SortedSet<Integer> indexes) {
        if (indexes.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        Integer start = null;
        Integer previous = null;
        for (int index : indexes) {
            if (start == null) {
                start = index;
            } else if (index != previous + 1) {
                parts.add(start.equals(previous) ? "" + start : start + "-" + previous);
                start = index;
            }
            previous = index;
        }
        parts.add(start.equals(previous) ? "" + start : start + "-" + previous);
        return String.join(",", parts);
    }
}
