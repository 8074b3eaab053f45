package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.PodInfo;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/**
 * Upstream's notion of pod importance for preemption ({@code util.MoreImportantPod}): higher priority first, then
 * the pod that started earlier. A pod without {@code status.startTime} (assumed or not yet started) counts as
 * starting "now"; callers pass one {@code now} per preemption so the ordering stays consistent within it.
 */
final class PodOrdering {

    private PodOrdering() {
    }

    /** {@code spec.priority}, 0 when unset (as {@link PodInfo#priority()}, without computing requests). */
    static int priority(Pod pod) {
        Integer priority = pod.getSpec() == null ? null : pod.getSpec().getPriority();
        return priority == null ? 0 : priority;
    }

    /** {@code status.startTime}, or {@code now} when the pod has none (or an unreadable one). */
    static Instant startTime(Pod pod, Instant now) {
        String startTime = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        if (startTime == null || startTime.isEmpty()) {
            return now;
        }
        try {
            return OffsetDateTime.parse(startTime).toInstant();
        } catch (DateTimeParseException e) {
            return now;
        }
    }

    /** Most important first: priority descending, then the earliest start time. */
    static Comparator<PodInfo> moreImportantFirst(Instant now) {
        return Comparator.comparingInt((PodInfo p) -> p.priority()).reversed()
                .thenComparing(p -> startTime(p.pod(), now));
    }
}
