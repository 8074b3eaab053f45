package dev.capstan.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Upstream's pod predicates ({@code controller.IsPodActive}, {@code podutil.IsPodReady}, {@code IsPodAvailable}). */
public final class PodStates {

    private PodStates() {
    }

    /** Counts toward replicas: not terminal (Succeeded/Failed) and not being deleted. */
    public static boolean isActive(Pod pod) {
        String phase = phase(pod);
        return !"Succeeded".equals(phase) && !"Failed".equals(phase) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    public static List<Pod> active(List<Pod> pods) {
        return pods.stream().filter(PodStates::isActive).toList();
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    public static boolean isReady(Pod pod) {
        PodCondition ready = readyCondition(pod);
        return ready != null && "True".equals(ready.getStatus());
    }

    /** When the pod last became ready, or null when it is not ready (or the time is unknown). */
    public static Instant readySince(Pod pod) {
        return isReady(pod) ? parseTime(readyCondition(pod).getLastTransitionTime()) : null;
    }

    /**
     * Ready for at least {@code minReadySeconds}. As upstream, the time must be strictly past, and a ready
     * pod without a transition time is available only when {@code minReadySeconds} is 0.
     */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        Instant since = readySince(pod);
        return since != null && since.plusSeconds(minReadySeconds).isBefore(now);
    }

    /** How long until a ready pod becomes available, or null when it is not ready, already available or never will be. */
    public static Duration untilAvailable(Pod pod, int minReadySeconds, Instant now) {
        Instant since = readySince(pod);
        if (since == null || minReadySeconds == 0 || isAvailable(pod, minReadySeconds, now)) {
            return null;
        }
        // "strictly before now": look again just after the boundary
        return Duration.between(now, since.plusSeconds(minReadySeconds)).plusMillis(1);
    }

    static PodCondition readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return condition;
            }
        }
        return null;
    }

    /** An RFC 3339 time as the API writes it, or null when absent or unreadable (Go's zero time). */
    public static Instant parseTime(String time) {
        if (time == null || time.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
