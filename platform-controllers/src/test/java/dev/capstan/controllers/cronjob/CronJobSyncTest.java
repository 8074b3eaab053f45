package dev.capstan.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.controllers.cronjob.CronJobPlan.CronJobEvent;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronJobSyncTest {

    private static final Instant CREATED = Instant.parse("2026-11-25T00:00:30Z");
    private final CronJobSync sync = new CronJobSync();

    static CronJobBuilder cronJob(String schedule) {
        return new CronJobBuilder().withNewMetadata().withName("hello").withNamespace("default").withUid("cj-uid")
                .withCreationTimestamp(CREATED.toString()).endMetadata()
                .withNewSpec().withSchedule(schedule)
                .withNewJobTemplate().withNewMetadata().addToLabels("app", "hello").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("c").withImage("busybox")
                .endContainer().withRestartPolicy("OnFailure").endSpec().endTemplate().endSpec().endJobTemplate()
                .endSpec();
    }

    static Job job(String name, String uid, String finished, String startTime) {
        JobBuilder job = new JobBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(uid).endMetadata()
                .withNewStatus().withStartTime(startTime).endStatus();
        if (finished != null) {
            job.editStatus().addNewCondition().withType(finished).withStatus("True").endCondition()
                    .withCompletionTime("Complete".equals(finished) ? startTime : null).endStatus();
        }
        return job.build();
    }

    static CronJobBuilder withActive(CronJobBuilder builder, String name, String uid) {
        return builder.editOrNewStatus().addToActive(new ObjectReferenceBuilder().withKind("Job").withName(name)
                .withNamespace("default").withUid(uid).build()).endStatus();
    }

    private CronJobPlan plan(CronJob cronJob, List<Job> jobs, String now) {
        return sync.plan(cronJob, jobs, ref -> false, Instant.parse(now));
    }

    @Test
    void startsTheJobOfTheScheduleTimeThatPassed() {
        CronJobPlan plan = plan(cronJob("* * * * *").build(), List.of(), "2026-11-25T00:01:05Z");
        assertThat(plan.scheduledTime()).isEqualTo(Instant.parse("2026-11-25T00:01:00Z"));
        Job job = plan.create();
        assertThat(job.getMetadata().getName()).isEqualTo("hello-" + Instant.parse("2026-11-25T00:01:00Z").getEpochSecond() / 60);
        assertThat(job.getMetadata().getAnnotations())
                .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2026-11-25T00:01:00Z");
        assertThat(job.getMetadata().getLabels()).containsEntry("app", "hello");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("CronJob");
            assertThat(owner.getController()).isTrue();
            assertThat(owner.getBlockOwnerDeletion()).isTrue();
        });
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(55).plusMillis(100));
    }

    @Test
    void theScheduledTimestampIsInTheCronJobsTimeZone() {
        CronJob cronJob = cronJob("0 9 * * *").editSpec().withTimeZone("Europe/Berlin").endSpec().build();
        CronJobPlan plan = plan(cronJob, List.of(), "2026-11-25T08:00:10Z");
        assertThat(plan.create().getMetadata().getAnnotations())
                .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2026-11-25T09:00:00+01:00");
    }

    @Test
    void nothingBeforeTheFirstScheduleTimeOnlyARequeue() {
        CronJobPlan plan = plan(cronJob("*/5 * * * *").build(), List.of(), "2026-11-25T00:02:00Z");
        assertThat(plan.create()).isNull();
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofMinutes(3).plusMillis(100));
    }

    @Test
    void aScheduleTimeAlreadyStartedIsNotStartedAgain() {
        CronJob cronJob = cronJob("* * * * *").editOrNewStatus().withLastScheduleTime("2026-11-25T00:01:00Z").endStatus().build();
        assertThat(plan(cronJob, List.of(), "2026-11-25T00:01:30Z").create()).isNull();
    }

    @Test
    void manyMissedTimesStartOnlyTheMostRecentAndWarnAboveAHundred() {
        CronJobPlan plan = plan(cronJob("* * * * *").build(), List.of(), "2026-11-25T03:00:10Z");
        assertThat(plan.scheduledTime()).isEqualTo(Instant.parse("2026-11-25T03:00:00Z"));
        assertThat(plan.events()).extracting(CronJobEvent::reason).containsExactly("TooManyMissedTimes");
        assertThat(plan.events().get(0).message()).startsWith("too many missed start times: 180.");
    }

    @ParameterizedTest(name = "startingDeadlineSeconds {0} at {1}: starts {2}")
    @CsvSource(nullValues = "null", value = {
            "null, 2026-11-25T00:05:50Z, 2026-11-25T00:05:00Z",
            "60,   2026-11-25T00:05:50Z, 2026-11-25T00:05:00Z",
            "30,   2026-11-25T00:05:50Z, null",
            "30,   2026-11-25T00:05:20Z, 2026-11-25T00:05:00Z"})
    void startingDeadlineSkipsTimesMissedByTooMuch(Long deadline, String now, String starts) {
        CronJob cronJob = cronJob("*/5 * * * *").editSpec().withStartingDeadlineSeconds(deadline).endSpec().build();
        CronJobPlan plan = plan(cronJob, List.of(), now);
        assertThat(plan.scheduledTime()).isEqualTo(starts == null ? null : Instant.parse(starts));
    }

    @ParameterizedTest(name = "{0} with a running job: create {1}, delete {2}")
    @CsvSource({"Allow, true, 0, JobAlreadyActive-absent", "Forbid, false, 0, JobAlreadyActive", "Replace, true, 1, none"})
    void concurrencyPolicy(String policy, boolean creates, int deletes, String event) {
        CronJob cronJob = withActive(cronJob("* * * * *").editSpec().withConcurrencyPolicy(policy).endSpec(), "hello-1", "uid-1")
                .editStatus().withLastScheduleTime("2026-11-25T00:01:00Z").endStatus().build();
        Job running = job("hello-1", "uid-1", null, "2026-11-25T00:01:00Z");
        CronJobPlan plan = plan(cronJob, List.of(running), "2026-11-25T00:02:01Z");
        assertThat(plan.create() != null).isEqualTo(creates);
        assertThat(plan.delete()).hasSize(deletes);
        assertThat(plan.events().stream().anyMatch(e -> e.reason().equals("JobAlreadyActive"))).isEqualTo(event.equals("JobAlreadyActive"));
        if ("Replace".equals(policy)) {
            assertThat(plan.status().getActive()).isEmpty();
        }
    }

    @Test
    void suspendedCronJobsStartNothing() {
        CronJob cronJob = cronJob("* * * * *").editSpec().withSuspend(true).endSpec().build();
        CronJobPlan plan = plan(cronJob, List.of(), "2026-11-25T00:05:00Z");
        assertThat(plan.create()).isNull();
        assertThat(plan.requeueAfter()).isNull();
    }

    @Test
    void finishedJobsLeaveTheActiveListAndSetLastSuccessfulTime() {
        CronJob cronJob = withActive(cronJob("0 * * * *"), "hello-1", "uid-1").build();
        Job done = job("hello-1", "uid-1", "Complete", "2026-11-25T00:00:40Z");
        CronJobPlan plan = plan(cronJob, List.of(done), "2026-11-25T00:10:00Z");
        assertThat(plan.status().getActive()).isEmpty();
        assertThat(plan.status().getLastSuccessfulTime()).isEqualTo("2026-11-25T00:00:40Z");
        assertThat(plan.events()).containsExactly(new CronJobEvent(false, "SawCompletedJob",
                "Saw completed job: hello-1, condition: Complete"));
    }

    @Test
    void anActiveJobThatIsGoneIsForgottenUnlessTheApiStillHasIt() {
        CronJob cronJob = withActive(cronJob("0 * * * *"), "hello-1", "uid-1").build();
        assertThat(sync.plan(cronJob, List.of(), ref -> true, Instant.parse("2026-11-25T00:10:00Z")).status().getActive()).hasSize(1);
        CronJobPlan plan = plan(cronJob, List.of(), "2026-11-25T00:10:00Z");
        assertThat(plan.status().getActive()).isEmpty();
        assertThat(plan.events()).extracting(CronJobEvent::reason).containsExactly("MissingJob");
    }

    @ParameterizedTest(name = "limits {0}/{1} with 5 successful and 3 failed jobs delete {2}")
    @CsvSource(nullValues = "null", value = {
            "null, null, 'ok-0,ok-1,bad-0,bad-1'",
            "5,    3,    ''",
            "0,    0,    'ok-0,ok-1,ok-2,ok-3,ok-4,bad-0,bad-1,bad-2'",
            "1,    2,    'ok-0,ok-1,ok-2,ok-3,bad-0'"})
    void historyLimitsDeleteTheOldestFinishedJobs(Integer successful, Integer failed, String deleted) {
        CronJob cronJob = cronJob("0 * * * *").editSpec().withSuccessfulJobsHistoryLimit(successful)
                .withFailedJobsHistoryLimit(failed).endSpec().build();
        List<Job> jobs = new ArrayList<>();
        for (int i = 4; i >= 0; i--) {
            jobs.add(job("ok-" + i, "ok-uid-" + i, "Complete", "2026-11-25T00:0" + i + ":00Z"));
        }
        for (int i = 0; i < 3; i++) {
            jobs.add(job("bad-" + i, "bad-uid-" + i, "Failed", "2026-11-25T00:0" + i + ":30Z"));
        }
        jobs.add(job("running", "run-uid", null, "2026-11-25T00:00:00Z"));
        CronJobPlan plan = plan(cronJob, jobs, "2026-11-25T00:10:00Z");
        List<String> expected = deleted.isEmpty() ? List.of() : List.of(deleted.split(","));
        assertThat(plan.delete()).extracting(j -> j.getMetadata().getName()).containsExactlyElementsOf(expected);
    }

    @Test
    void jobsWithoutStartTimeArePrunedLast() {
        List<Job> jobs = List.of(job("b", "b", "Failed", null), job("a", "a", "Failed", "2026-11-25T00:01:00Z"));
        CronJob cronJob = cronJob("0 * * * *").editSpec().withFailedJobsHistoryLimit(1).endSpec().build();
        assertThat(plan(cronJob, jobs, "2026-11-25T00:10:00Z").delete()).extracting(j -> j.getMetadata().getName())
                .containsExactly("a");
    }

    @ParameterizedTest(name = "schedule \"{0}\" zone {1}: warning {2}")
    @CsvSource(nullValues = "null", value = {
            "not a schedule, null, UnparseableSchedule",
            "* * * * *, Mars/Olympus, UnknownTimeZone",
            "0 0 31 2 *, null, null"})
    void badSchedulesAreReportedNotStarted(String schedule, String zone, String reason) {
        CronJob cronJob = cronJob(schedule).editSpec().withTimeZone(zone).endSpec().build();
        CronJobPlan plan = plan(cronJob, List.of(), "2026-11-25T00:10:00Z");
        assertThat(plan.create()).isNull();
        if (reason != null) {
            assertThat(plan.events()).extracting(CronJobEvent::reason).containsExactly(reason);
            assertThat(plan.events().get(0).warning()).isTrue();
        }
    }

    @Test
    void aTzPrefixIsWarnedAboutAsUnsupported() {
        CronJobPlan plan = plan(cronJob("TZ=UTC * * * * *").build(), List.of(), "2026-11-25T00:01:10Z");
        assertThat(plan.events()).extracting(CronJobEvent::reason).containsExactly("UnsupportedSchedule");
    }
}
