package dev.capstan.controllers.cronjob;

import dev.capstan.controllers.cronjob.CronJobPlan.CronJobEvent;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The CronJob controller's decisions (upstream cronjob_controllerv2 syncCronJob + cleanupFinishedJobs), pure:
 * given the CronJob, its Jobs and the time, which Job to start, which to delete, the new status and when the
 * next schedule time comes.
 */
final class CronJobSync {

    /** Upstream's nextScheduleDelta: look a little after the schedule time so it has surely passed. */
    static final Duration NEXT_SCHEDULE_DELTA = Duration.ofMillis(100);
    static final DateTimeFormatter RFC1123Z = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);

    /**
     * @param stillExists asked before dropping an active Job the cache does not show (upstream re-reads it from
     *                    the API: a slow watch must not make it forget a Job it just created)
     */
    CronJobPlan plan(CronJob cronJob, List<Job> children, Predicate<ObjectReference> stillExists, Instant now) {
        CronJobStatus old = cronJob.getStatus() == null ? new CronJobStatus() : cronJob.getStatus();
        List<ObjectReference> active = new ArrayList<>(old.getActive() == null ? List.of() : old.getActive());
        String lastSuccessful = old.getLastSuccessfulTime();
        List<CronJobEvent> events = new ArrayList<>();
        for (Job job : children) {
            boolean found = active.stream().anyMatch(ref -> uid(job).equals(ref.getUid()));
            String finished = CronJobJobs.finishedCondition(job);
            if (!found && finished == null) {
                events.add(new CronJobEvent(true, "UnexpectedJob",
                        "Saw a job that the controller did not create or forgot: " + job.getMetadata().getName()));
            } else if (found && finished != null) {
                active.removeIf(ref -> uid(job).equals(ref.getUid()));
                events.add(new CronJobEvent(false, "SawCompletedJob",
                        "Saw completed job: " + job.getMetadata().getName() + ", condition: " + finished));
            }
            String completed = job.getStatus() == null ? null : job.getStatus().getCompletionTime();
            if ("Complete".equals(finished) && completed != null
                    && (lastSuccessful == null || Instant.parse(completed).isAfter(Instant.parse(lastSuccessful)))) {
                lastSuccessful = completed;
            }
        }
        for (ObjectReference ref : List.copyOf(active)) {
            boolean listed = children.stream().anyMatch(job -> uid(job).equals(ref.getUid()));
            if (!listed && !stillExists.test(ref)) {
                active.remove(ref);
                events.add(new CronJobEvent(false, "MissingJob", "Active job went missing: " + ref.getName()));
            }
        }
        Decision decision = decide(cronJob, active, now, events);
        List<Job> delete = new ArrayList<>(decision.replaced());
        for (Job job : decision.replaced()) {
            active.removeIf(ref -> uid(job).equals(ref.getUid()));
        }
        delete.addAll(CronJobJobs.toPrune(cronJob, children));
        CronJobStatus status = new CronJobStatusBuilder(old).withActive(active).withLastSuccessfulTime(lastSuccessful).build();
        Job create = decision.scheduled() == null ? null : CronJobJobs.fromTemplate(cronJob, decision.scheduled(), decision.zone());
        return new CronJobPlan(status, create, decision.scheduled(), delete, events, decision.requeueAfter());
    }

    private record Decision(Instant scheduled, ZoneId zone, List<Job> replaced, Duration requeueAfter) {

        static Decision none(Duration requeueAfter) {
            return new Decision(null, null, List.of(), requeueAfter);
        }
    }

    private Decision decide(CronJob cronJob, List<ObjectReference> active, Instant now, List<CronJobEvent> events) {
        if (cronJob.getMetadata().getDeletionTimestamp() != null) {
            return Decision.none(null);
        }
        String timeZone = cronJob.getSpec().getTimeZone();
        ZoneId zone;
        try {
            zone = CronSchedule.zone(timeZone);
        } catch (IllegalArgumentException e) {
            events.add(new CronJobEvent(true, "UnknownTimeZone", "invalid timeZone: \"" + timeZone + "\": " + e.getMessage()));
            return Decision.none(null);
        }
        if (Boolean.TRUE.equals(cronJob.getSpec().getSuspend())) {
            return Decision.none(null);
        }
        String spec = cronJob.getSpec().getSchedule();
        if (spec.contains("TZ")) {
            events.add(new CronJobEvent(true, "UnsupportedSchedule", "CRON_TZ or TZ used in schedule \"" + spec
                    + "\" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details"));
        }
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(spec, zone);
        } catch (IllegalArgumentException e) {
            events.add(new CronJobEvent(true, "UnparseableSchedule", "unparseable schedule: \"" + spec + "\" : " + e.getMessage()));
            return Decision.none(null);
        }
        Duration untilNext = untilNext(schedule, now);
        Long deadline = cronJob.getSpec().getStartingDeadlineSeconds();
        MissedSchedules missed;
        try {
            missed = MissedSchedules.between(earliest(cronJob, now, deadline), now, schedule);
        } catch (IllegalArgumentException e) {
            events.add(new CronJobEvent(true, "InvalidSchedule", "invalid schedule: " + spec + " : " + e.getMessage()));
            return Decision.none(null);
        }
        Instant scheduled = missed.mostRecent();
        if (scheduled == null) {
            return Decision.none(untilNext);
        }
        if (missed.missed() > 100) {
            events.add(new CronJobEvent(true, "TooManyMissedTimes", "too many missed start times: " + missed.missed()
                    + ". Set or decrease .spec.startingDeadlineSeconds or check clock skew"));
        }
        if (deadline != null && scheduled.plusSeconds(deadline).isBefore(now)) {
            events.add(new CronJobEvent(true, "MissSchedule", "Missed scheduled time to start a job: "
                    + RFC1123Z.format(scheduled.atOffset(ZoneOffset.UTC))));
            return Decision.none(untilNext);
        }
        String name = CronJobJobs.jobName(cronJob, scheduled);
        String lastSchedule = cronJob.getStatus() == null ? null : cronJob.getStatus().getLastScheduleTime();
        if (active.stream().anyMatch(ref -> name.equals(ref.getName()))
                || (lastSchedule != null && Instant.parse(lastSchedule).equals(scheduled))) {
            return Decision.none(untilNext); // already started
        }
        String policy = cronJob.getSpec().getConcurrencyPolicy() == null ? "Allow" : cronJob.getSpec().getConcurrencyPolicy();
        if ("Forbid".equals(policy) && !active.isEmpty()) {
            events.add(new CronJobEvent(false, "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid"));
            return Decision.none(untilNext);
        }
        List<Job> replaced = new ArrayList<>();
        if ("Replace".equals(policy)) {
            for (ObjectReference ref : active) {
                Job job = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder().withNewMetadata()
                        .withName(ref.getName()).withNamespace(ref.getNamespace()).withUid(ref.getUid()).endMetadata().build();
                replaced.add(job);
            }
        }
        return new Decision(scheduled, zone, replaced, untilNext);
    }

    /** Field by field: the API may return an empty active list as missing and the reverse, which is no change. */
    static boolean changed(CronJobStatus old, CronJobStatus status) {
        old = old == null ? new CronJobStatus() : old;
        return !Objects.equals(old.getActive() == null ? List.of() : old.getActive(),
                status.getActive() == null ? List.of() : status.getActive())
                || !Objects.equals(old.getLastScheduleTime(), status.getLastScheduleTime())
                || !Objects.equals(old.getLastSuccessfulTime(), status.getLastSuccessfulTime());
    }

    /** Schedule times before this are history: the last schedule time, or creation, or the starting deadline. */
    static Instant earliest(CronJob cronJob, Instant now, Long startingDeadlineSeconds) {
        String last = cronJob.getStatus() == null ? null : cronJob.getStatus().getLastScheduleTime();
        Instant earliest = last != null ? Instant.parse(last) : Instant.parse(cronJob.getMetadata().getCreationTimestamp());
        if (startingDeadlineSeconds != null) {
            Instant deadline = now.minusSeconds(startingDeadlineSeconds);
            earliest = deadline.isAfter(earliest) ? deadline : earliest;
        }
        return earliest;
    }

    private static Duration untilNext(CronSchedule schedule, Instant now) {
        Instant next = schedule.next(now);
        return next == null ? null : Duration.between(now, next).plus(NEXT_SCHEDULE_DELTA);
    }

    private static String uid(Job job) {
        return job.getMetadata().getUid();
    }
}
