package dev.capstan.controllers.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Duration;
import java.util.List;

/**
 * What one Job sync decided: pods to create and delete, the new status (written only when it changed),
 * events to record and when to look again.
 *
 * @param create        how many pods to create from the template
 * @param indexes       in the Indexed completion mode, the completion index of each pod to create
 * @param delete        active pods to delete
 * @param status        the new status
 * @param statusChanged whether {@code status} differs from the Job's
 * @param events        events to record on the Job
 * @param requeueAfter  when to sync again (backoff or deadline), or null
 */
record JobPlan(int create, List<Integer> indexes, List<Pod> delete, JobStatus status, boolean statusChanged, List<JobEvent> events,
               Duration requeueAfter) {

    /** An event for the Job. */
    record JobEvent(boolean warning, String reason, String message) {
    }
}
