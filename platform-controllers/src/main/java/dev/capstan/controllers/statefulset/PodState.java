package dev.capstan.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Upstream's pod predicates ({@code podutil.IsPodReady}, {@code IsPodAvailable}, ...) used by both controllers. */
public final class PodState {

    private PodState() {
    }

    public static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    public static boolean isFailed(Pod pod) {
        return "Failed".equals(phase(pod));
    }

    public static boolean isSucceeded(Pod pod) {
        return "Succeeded".equals(phase(pod));
    }

    /** Upstream's {@code isRunningAndReady}: phase Running and condition Ready=True. */
    public static boolean isRunningAndReady(Pod pod) {
        return "Running".equals(phase(pod)) && readyCondition(pod) != null;
    }

    public static boolean isReady(Pod pod) {
        return readyCondition(pod) != null;
    }

    /** Ready for at least {@code minReadySeconds} (upstream's {@code IsPodAvailable}). */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        PodCondition ready = readyCondition(pod);
        if (ready == null) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        if (ready.getLastTransitionTime() == null) {
            return false;
        }
        Instant since = OffsetDateTime.parse(ready.getLastTransitionTime()).toInstant();
        return !since.plusSeconds(minReadySeconds).isAfter(now);
    }

    private static PodCondition readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst().orElse(null);
    }
}
