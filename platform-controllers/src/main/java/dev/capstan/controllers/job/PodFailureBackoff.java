package dev.capstan.controllers.job;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * Upstream's backoffRecord: after pod failures the Job waits {@code base * 2^(failures-1)} (capped at
 * {@code max}) from the last failure before creating replacement pods, so a crashing workload does not
 * hammer the cluster. Failures count since the last success; derived from the pods each time (level-based)
 * rather than remembered between syncs.
 */
record PodFailureBackoff(Duration base, Duration max) {

    /** Upstream's DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff. */
    static final PodFailureBackoff UPSTREAM = new PodFailureBackoff(Duration.ofSeconds(10), Duration.ofMinutes(6));

    /** How long to wait before creating pods again; zero when no wait is needed. */
    Duration remaining(Collection<Pod> pods, Instant now) {
        Instant lastSuccess = null;
        for (Pod pod : pods) {
            if (JobPods.succeeded(pod)) {
                Instant at = JobPods.finishTime(pod);
                lastSuccess = lastSuccess == null || at.isAfter(lastSuccess) ? at : lastSuccess;
            }
        }
        int failures = 0;
        Instant lastFailure = null;
        for (Pod pod : pods) {
            if (JobPods.failed(pod)) {
                Instant at = JobPods.finishTime(pod);
                if (lastSuccess == null || at.isAfter(lastSuccess)) {
                    failures++;
                    lastFailure = lastFailure == null || at.isAfter(lastFailure) ? at : lastFailure;
                }
            }
        }
        if (failures == 0) {
            return Duration.ZERO;
        }
        Duration wait = delay(failures);
        Duration elapsed = Duration.between(lastFailure, now);
        return elapsed.compareTo(wait) >= 0 ? Duration.ZERO : wait.minus(elapsed);
    }

    /** The wait after {@code failures} consecutive failures. */
    Duration delay(int failures) {
        Duration wait = base;
        for (int i = 1; i < failures; i++) {
            wait = wait.multipliedBy(2);
            if (wait.compareTo(max) >= 0) {
                return max;
            }
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
