package dev.capstan.controllers.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one CronJob sync decided. The Job to create is applied last: on success the controller adds it to
 * {@code status.active} and sets {@code lastScheduleTime} to {@code scheduledTime}.
 *
 * @param status        the status before the creation (active list cleaned, lastSuccessfulTime)
 * @param create        the Job to create, or null
 * @param scheduledTime the schedule time {@code create} stands for, or null
 * @param delete        Jobs to delete (Replace policy first, then history pruning), each with a SuccessfulDelete event
 * @param events        other events to record on the CronJob
 * @param requeueAfter  when the next schedule time comes, or null (suspended, invalid)
 */
record CronJobPlan(CronJobStatus status, Job create, Instant scheduledTime, List<Job> delete,
                   List<CronJobEvent> events, Duration requeueAfter) {

    /** An event for the CronJob. */
    record CronJobEvent(boolean warning, String reason, String message) {
    }
}
