package dev.capstan.controllers.job;

import dev.capstan.controllers.job.JobPlan.JobEvent;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;

/**
 * The Job controller's decisions (upstream syncJob / manageJob; Indexed pods via {@link IndexedPods}), pure:
 * given the Job, its pods and the time, what to create, delete and report. Terminal conditions come in two
 * steps as upstream since 1.31: the interim {@code FailureTarget} / {@code SuccessCriteriaMet} first, the
 * final {@code Failed} / {@code Complete} once no pod of the Job is still terminating.
 */
final class JobSync {

    static final String COMPLETE = "Complete";
    static final String FAILED = "Failed";
    static final String FAILURE_TARGET = "FailureTarget";
    static final String SUSPENDED = "Suspended";
    static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
    static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
    static final String BACKOFF_LIMIT_MESSAGE = "Job has reached the specified backoff limit";
    static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    static final String DEADLINE_MESSAGE = "Job was active longer than specified deadline";
    static final String COMPLETIONS_REACHED = "CompletionsReached";
    static final String COMPLETIONS_MESSAGE = "Reached expected number of succeeded pods";
    /** Upstream's default spec.backoffLimit (the API server defaults it; we tolerate it missing). */
    static final int DEFAULT_BACKOFF_LIMIT = 6;
    /** Upstream's MaxPodCreateDeletePerSync. */
    static final int MAX_PER_SYNC = 500;

    private final PodFailureBackoff backoff;

    JobSync(PodFailureBackoff backoff) {
        this.backoff = backoff;
    }

    static boolean finished(Job job) {
        return hasCondition(job.getStatus(), COMPLETE) || hasCondition(job.getStatus(), FAILED);
    }

    static int parallelism(Job job) {
        Integer parallelism = job.getSpec().getParallelism();
        return parallelism == null ? 1 : Math.max(0, parallelism);
    }

    /** Completions as defaulted upstream: 1 when neither completions nor parallelism is set; null = "any success". */
    static Integer completions(Job job) {
        if (job.getSpec().getCompletions() == null && job.getSpec().getParallelism() == null) {
            return 1;
        }
        return job.getSpec().getCompletions();
    }

    /**
     * How many pods should be running (upstream manageJob): parallelism, but never more than the completions
     * still missing; without completions, parallelism until the first success, then only those running.
     */
    static int wantActive(Integer completions, int parallelism, int succeeded, int active, boolean suspended) {
        if (suspended) {
            return 0;
        }
        if (completions == null) {
            return succeeded > 0 ? active : parallelism;
        }
        return Math.max(0, Math.min(completions - succeeded, parallelism));
    }

    JobPlan plan(Job job, List<Pod> pods, Instant now) {
        JobStatus old = job.getStatus() == null ? new JobStatus() : job.getStatus();
        if (finished(job)) {
            return new JobPlan(0, List.of(), List.of(), old, false, List.of(), null);
        }
        boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
        List<Pod> active = pods.stream().filter(JobPods::active).toList();
        int terminating = (int) pods.stream().filter(JobPods::terminating).count();
        Integer completions = completions(job);
        boolean indexed = CompletionIndexes.indexed(job) && completions != null;
        SortedSet<Integer> doneIndexes = indexed ? succeededIndexes(old, pods, completions) : null;
        int succeeded = indexed ? doneIndexes.size()
                : Math.max(value(old.getSucceeded()), (int) pods.stream().filter(JobPods::succeeded).count());
        int failed = Math.max(value(old.getFailed()), (int) pods.stream().filter(JobPods::failed).count());
        String startTime = old.getStartTime() != null || suspended ? old.getStartTime() : time(now);
        List<JobCondition> conditions = new ArrayList<>(old.getConditions() == null ? List.of() : old.getConditions());
        List<JobEvent> events = new ArrayList<>();
        startTime = suspension(old, suspended, conditions, events, startTime, now);
        List<Pod> delete = new ArrayList<>();
        int create = 0;
        List<Integer> indexes = List.of();
        Duration requeue = null;
        String completionTime = old.getCompletionTime();

        JobCondition failure = condition(old, FAILURE_TARGET);
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        int backoffLimit = job.getSpec().getBackoffLimit() == null ? DEFAULT_BACKOFF_LIMIT : job.getSpec().getBackoffLimit();
        if (failure == null && failed > backoffLimit) {
            failure = newCondition(FAILURE_TARGET, BACKOFF_LIMIT_EXCEEDED, BACKOFF_LIMIT_MESSAGE, now);
            conditions.add(failure);
        } else if (failure == null && !suspended && deadline != null && startTime != null
                && !Instant.parse(startTime).plusSeconds(deadline).isAfter(now)) {
            failure = newCondition(FAILURE_TARGET, DEADLINE_EXCEEDED, DEADLINE_MESSAGE, now);
            conditions.add(failure);
        }
        boolean complete = completions == null ? succeeded > 0 && active.isEmpty() : succeeded >= completions && active.isEmpty();
        if (failure != null) {
            // The Job failed: stop everything; Failed is final only once nothing of it still runs.
            delete.addAll(active);
            if (active.isEmpty() && terminating == 0) {
                conditions.add(newCondition(FAILED, failure.getReason(), failure.getMessage(), now));
                events.add(new JobEvent(true, failure.getReason(), failure.getMessage()));
            }
        } else if (condition(old, SUCCESS_CRITERIA_MET) != null || complete) {
            if (condition(old, SUCCESS_CRITERIA_MET) == null) {
                conditions.add(newCondition(SUCCESS_CRITERIA_MET, COMPLETIONS_REACHED, COMPLETIONS_MESSAGE, now));
            }
            delete.addAll(active);
            if (active.isEmpty() && terminating == 0) {
                conditions.add(newCondition(COMPLETE, COMPLETIONS_REACHED, COMPLETIONS_MESSAGE, now));
                completionTime = time(now);
                events.add(new JobEvent(false, "Completed", "Job completed"));
            }
        } else {
            int want = wantActive(completions, parallelism(job), succeeded, active.size(), suspended);
            if (indexed) {
                IndexedPods managed = IndexedPods.plan(active, doneIndexes, completions, want);
                delete.addAll(managed.surplus());
                Duration wait = managed.start().isEmpty() ? Duration.ZERO : backoff.remaining(pods, now);
                if (wait.isZero()) {
                    indexes = managed.start().subList(0, Math.min(MAX_PER_SYNC, managed.start().size()));
                    create = indexes.size();
                } else {
                    requeue = wait;
                }
            } else if (active.size() > want) {
                delete.addAll(removalOrder(active).subList(0, Math.min(MAX_PER_SYNC, active.size() - want)));
            } else if (active.size() < want) {
                Duration wait = backoff.remaining(pods, now);
                if (wait.isZero()) {
                    create = Math.max(0, Math.min(MAX_PER_SYNC, want - active.size() - replacementWait(job, terminating)));
                } else {
                    requeue = wait;
                }
            }
            if (deadline != null && startTime != null && !suspended) {
                Duration untilDeadline = Duration.between(now, Instant.parse(startTime).plusSeconds(deadline));
                requeue = requeue == null || untilDeadline.compareTo(requeue) < 0 ? untilDeadline : requeue;
            }
        }
        int activeAfter = active.size() - delete.size() + create;
        int ready = (int) active.stream().filter(p -> !delete.contains(p)).filter(JobPods::ready).count();
        JobStatus status = new JobStatusBuilder(old)
                .withActive(activeAfter)
                .withReady(ready)
                .withSucceeded(succeeded)
                .withFailed(failed)
                .withTerminating(terminating + delete.size())
                .withStartTime(startTime)
                .withCompletionTime(completionTime)
                .withConditions(conditions)
                .withCompletedIndexes(indexed ? CompletionIndexes.format(doneIndexes) : old.getCompletedIndexes())
                .build();
        return new JobPlan(create, indexes, delete, status, changed(old, status), events, requeue);
    }

    /**
     * Upstream's suspend handling: the {@code Suspended} condition turns True ("JobSuspended") or, on resume,
     * False ("JobResumed") with an event; a resumed Job restarts its startTime, since the active deadline counts
     * continuously active time only.
     *
     * @return the start time to record
     */
    private static String suspension(JobStatus old, boolean suspended, List<JobCondition> conditions, List<JobEvent> events,
                                     String startTime, Instant now) {
        JobCondition current = old.getConditions() == null ? null
                : old.getConditions().stream().filter(c -> SUSPENDED.equals(c.getType())).findFirst().orElse(null);
        boolean wasSuspended = current != null && "True".equals(current.getStatus());
        if (suspended == wasSuspended || (!suspended && current == null)) {
            return startTime;
        }
        conditions.remove(current);
        JobCondition flipped = newCondition(SUSPENDED, suspended ? "JobSuspended" : "JobResumed",
                suspended ? "Job suspended" : "Job resumed", now);
        flipped.setStatus(suspended ? "True" : "False");
        conditions.add(flipped);
        events.add(new JobEvent(false, suspended ? "Suspended" : "Resumed", suspended ? "Job suspended" : "Job resumed"));
        return suspended ? startTime : time(now);
    }

    /**
     * Upstream's podReplacementPolicy: TerminatingOrFailed (the default without a podFailurePolicy) replaces a
     * terminating pod at once; Failed (the default with one) waits until it has fully terminated.
     */
    static int replacementWait(Job job, int terminating) {
        String policy = job.getSpec().getPodReplacementPolicy();
        boolean onlyFailed = "Failed".equals(policy) || (policy == null && job.getSpec().getPodFailurePolicy() != null);
        return onlyFailed ? terminating : 0;
    }

    /** Indexes recorded as completed plus those of succeeded pods (a deleted pod's success is not forgotten). */
    private static SortedSet<Integer> succeededIndexes(JobStatus old, List<Pod> pods, int completions) {
        SortedSet<Integer> done = CompletionIndexes.parse(old.getCompletedIndexes(), completions);
        for (Pod pod : pods) {
            int index = CompletionIndexes.of(pod);
            if (JobPods.succeeded(pod) && index >= 0 && index < completions) {
                done.add(index);
            }
        }
        return done;
    }

    /**
     * Which active pods go first when there are too many (upstream's ActivePods order): unscheduled before
     * scheduled, pending before running, not ready before ready, then the newest.
     */
    static List<Pod> removalOrder(List<Pod> active) {
        return active.stream().sorted(Comparator.<Pod, Boolean>comparing(JobPods::scheduled)
                .thenComparing(p -> "Running".equals(JobPods.phase(p)))
                .thenComparing(JobPods::ready)
                .thenComparing(JobPods::created, Comparator.reverseOrder())).toList();
    }

    static JobCondition condition(JobStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst().orElse(null);
    }

    static boolean hasCondition(JobStatus status, String type) {
        return condition(status, type) != null;
    }

    private static JobCondition newCondition(String type, String reason, String message, Instant now) {
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastProbeTime(time(now)).withLastTransitionTime(time(now)).build();
    }

    /** Field by field: the API may return empty lists as missing and the reverse, which is no change. */
    static boolean changed(JobStatus old, JobStatus status) {
        return !Objects.equals(value(old.getActive()), value(status.getActive()))
                || !Objects.equals(value(old.getReady()), value(status.getReady()))
                || !Objects.equals(value(old.getSucceeded()), value(status.getSucceeded()))
                || !Objects.equals(value(old.getFailed()), value(status.getFailed()))
                || !Objects.equals(value(old.getTerminating()), value(status.getTerminating()))
                || !Objects.equals(old.getStartTime(), status.getStartTime())
                || !Objects.equals(old.getCompletionTime(), status.getCompletionTime())
                || !Objects.equals(old.getCompletedIndexes(), status.getCompletedIndexes())
                || !Objects.equals(orEmpty(old.getConditions()), orEmpty(status.getConditions()));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Kubernetes timestamps: RFC 3339 in whole seconds. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static int value(Integer count) {
        return count == null ? 0 : count;
    }
}
