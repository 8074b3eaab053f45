package dev.capstan.controllers.job;

import static dev.capstan.controllers.job.JobFixtures.T0;
import static dev.capstan.controllers.job.JobFixtures.job;
import static dev.capstan.controllers.job.JobFixtures.pods;
import static dev.capstan.controllers.job.JobFixtures.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobSyncTest {

    private final JobSync sync = new JobSync(PodFailureBackoff.UPSTREAM);

    @ParameterizedTest(name = "completions {0}, parallelism {1}, {2} succeeded, {3} active: want {4} active")
    @CsvSource(nullValues = "null", value = {
            "6,    3, 0, 0, 3",
            "6,    3, 4, 2, 2",
            "6,    3, 5, 0, 1",
            "6,    3, 6, 0, 0",
            "6,    3, 7, 0, 0",
            "2,    5, 0, 0, 2",
            "null, 3, 0, 0, 3",
            "null, 3, 1, 2, 2",
            "null, 3, 1, 0, 0",
            "1,    0, 0, 0, 0"})
    void runsParallelismPodsButNeverMoreThanTheMissingCompletions(Integer completions, int parallelism, int succeeded,
                                                                  int active, int want) {
        assertThat(JobSync.wantActive(completions, parallelism, succeeded, active, false)).isEqualTo(want);
    }

    @ParameterizedTest(name = "completions {0}, parallelism {1}, pods running {2} succeeded {3}: create {4}, delete {5}")
    @CsvSource(nullValues = "null", value = {
            "6,    3,    0, 0, 3, 0",
            "6,    3,    3, 0, 0, 0",
            "6,    3,    2, 1, 1, 0",
            "6,    3,    2, 3, 1, 0",
            "6,    3,    2, 4, 0, 0",
            "6,    2,    3, 0, 0, 1",
            "null, null, 0, 0, 1, 0",
            "null, 4,    0, 0, 4, 0"})
    void plansCreatesAndDeletes(Integer completions, Integer parallelism, int running, int succeeded, int create, int delete) {
        JobPlan plan = sync.plan(started(job(completions, parallelism)), pods(running, succeeded, 0), T0.plusSeconds(5));
        assertThat(plan.create()).isEqualTo(create);
        assertThat(plan.delete()).hasSize(delete);
        assertThat(plan.status().getActive()).isEqualTo(running + create - delete);
        assertThat(plan.status().getSucceeded()).isEqualTo(succeeded);
    }

    @Test
    void aNewJobGetsItsStartTimeAndReadyCount() {
        JobPlan plan = sync.plan(job(3, 3).build(), pods(2, 0, 0), T0);
        assertThat(plan.status().getStartTime()).isEqualTo("2026-11-25T00:00:00Z");
        assertThat(plan.status().getReady()).isEqualTo(2);
        assertThat(plan.statusChanged()).isTrue();
    }

    @Test
    void enoughSuccessesMeetTheSuccessCriteriaThenComplete() {
        JobPlan plan = sync.plan(started(job(2, 2)), pods(0, 2, 0), T0.plusSeconds(9));
        assertThat(types(plan)).containsExactly("SuccessCriteriaMet", "Complete");
        assertThat(condition(plan, "Complete").getReason()).isEqualTo("CompletionsReached");
        assertThat(plan.status().getCompletionTime()).isEqualTo("2026-11-25T00:00:09Z");
        assertThat(plan.events()).containsExactly(new JobPlan.JobEvent(false, "Completed", "Job completed"));
    }

    @Test
    void withoutCompletionsTheFirstSuccessCompletesOnceNothingRuns() {
        assertThat(types(sync.plan(started(job(null, 3)), pods(1, 1, 0), T0))).isEmpty();
        assertThat(types(sync.plan(started(job(null, 3)), pods(0, 1, 0), T0))).containsExactly("SuccessCriteriaMet", "Complete");
    }

    @Test
    void completeWaitsForTerminatingPods() {
        List<Pod> pods = new ArrayList<>(pods(0, 2, 0));
        pods.add(JobFixtures.terminating("going"));
        JobPlan plan = sync.plan(started(job(2, 2)), pods, T0);
        assertThat(types(plan)).containsExactly("SuccessCriteriaMet");
        assertThat(plan.status().getTerminating()).isEqualTo(1);
    }

    @ParameterizedTest(name = "backoffLimit {0} with {1} failed pods: failed {2}")
    @CsvSource({"1, 1, false", "1, 2, true", "0, 1, true", "6, 6, false", "6, 7, true"})
    void failsOnlyBeyondTheBackoffLimit(int backoffLimit, int failed, boolean fails) {
        Job job = started(job(5, 1).editSpec().withBackoffLimit(backoffLimit).endSpec());
        JobPlan plan = sync.plan(job, pods(1, 0, failed), T0.plusSeconds(600));
        assertThat(types(plan).contains("FailureTarget")).isEqualTo(fails);
        if (fails) {
            assertThat(condition(plan, "FailureTarget").getReason()).isEqualTo("BackoffLimitExceeded");
            assertThat(condition(plan, "FailureTarget").getMessage()).isEqualTo("Job has reached the specified backoff limit");
            assertThat(plan.delete()).hasSize(1);
            assertThat(plan.create()).isZero();
            assertThat(types(plan)).doesNotContain("Failed"); // a pod is still being deleted
        }
    }

    @Test
    void aFailureTargetBecomesFailedOnceNoPodRuns() {
        Job job = started(job(5, 1).editSpec().withBackoffLimit(1).endSpec());
        JobPlan first = sync.plan(job, pods(0, 0, 2), T0.plusSeconds(600));
        assertThat(types(first)).containsExactly("FailureTarget", "Failed");
        assertThat(condition(first, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(first.events()).containsExactly(new JobPlan.JobEvent(true, "BackoffLimitExceeded",
                "Job has reached the specified backoff limit"));
    }

    @Test
    void aJobActiveLongerThanItsDeadlineFails() {
        Job job = started(job(5, 2).editSpec().withActiveDeadlineSeconds(30L).endSpec());
        JobPlan before = sync.plan(job, pods(2, 0, 0), T0.plusSeconds(10));
        assertThat(types(before)).isEmpty();
        assertThat(before.requeueAfter()).isEqualTo(Duration.ofSeconds(20));
        JobPlan after = sync.plan(job, pods(2, 0, 0), T0.plusSeconds(30));
        assertThat(condition(after, "FailureTarget").getReason()).isEqualTo("DeadlineExceeded");
        assertThat(condition(after, "FailureTarget").getMessage()).isEqualTo("Job was active longer than specified deadline");
        assertThat(after.delete()).hasSize(2);
    }

    @Test
    void failedPodsAreReplacedOnlyAfterTheBackoff() {
        Job job = started(job(3, 1));
        JobPlan during = sync.plan(job, pods(0, 0, 1), T0.plusSeconds(5)); // failed at T0+1, backoff 10s
        assertThat(during.create()).isZero();
        assertThat(during.requeueAfter()).isEqualTo(Duration.ofSeconds(6));
        JobPlan after = sync.plan(job, pods(0, 0, 1), T0.plusSeconds(11));
        assertThat(after.create()).isEqualTo(1);
    }

    @Test
    void aFinishedJobIsLeftAlone() {
        Job job = started(job(1, 1));
        Job done = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(job).editStatus().addNewCondition()
                .withType("Complete").withStatus("True").endCondition().endStatus().build();
        JobPlan plan = sync.plan(done, pods(1, 0, 0), T0);
        assertThat(plan.create()).isZero();
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.statusChanged()).isFalse();
    }

    @Test
    void extraPodsAreRemovedUnreadyFirst() {
        Pod ready = JobFixtures.pod("ready", "Running", true, null);
        Pod notReady = JobFixtures.pod("not-ready", "Running", false, null);
        Pod pending = JobFixtures.pod("pending", "Pending", false, null);
        assertThat(JobSync.removalOrder(List.of(ready, notReady, pending))).containsExactly(pending, notReady, ready);
    }

    @Test
    void anUnchangedStatusIsNotWritten() {
        Job job = started(job(3, 3));
        JobPlan first = sync.plan(job, pods(3, 0, 0), T0);
        Job written = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(job).withStatus(first.status()).build();
        assertThat(sync.plan(written, pods(3, 0, 0), T0.plusSeconds(1)).statusChanged()).isFalse();
    }

    @ParameterizedTest(name = "podReplacementPolicy {0}: {1} pods replace a terminating one")
    @CsvSource(nullValues = "null", value = {"null, 2", "TerminatingOrFailed, 2", "Failed, 1"})
    void terminatingPodsAreReplacedAccordingToThePodReplacementPolicy(String policy, int create) {
        Job job = started(job(4, 3).editSpec().withPodReplacementPolicy(policy).endSpec());
        List<Pod> pods = new ArrayList<>(pods(1, 0, 0));
        pods.add(JobFixtures.terminating("going"));
        assertThat(sync.plan(job, pods, T0).create()).isEqualTo(create);
    }

    @Test
    void aSuspendedJobStopsItsPodsAndSaysSo() {
        Job job = started(job(3, 2).editSpec().withSuspend(true).endSpec());
        JobPlan plan = sync.plan(job, pods(2, 0, 0), T0);
        assertThat(plan.delete()).hasSize(2);
        assertThat(condition(plan, "Suspended").getReason()).isEqualTo("JobSuspended");
        assertThat(plan.events()).containsExactly(new JobPlan.JobEvent(false, "Suspended", "Job suspended"));

        Job suspended = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(job).withStatus(plan.status()).build();
        Job resumed = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(suspended).editSpec().withSuspend(false).endSpec().build();
        JobPlan resume = sync.plan(resumed, List.of(), T0.plusSeconds(60));
        assertThat(resume.create()).isEqualTo(2);
        assertThat(resume.status().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("JobResumed");
        });
        assertThat(resume.status().getStartTime()).isEqualTo("2026-11-25T00:01:00Z");
    }

    private static List<String> types(JobPlan plan) {
        List<JobCondition> conditions = plan.status().getConditions();
        return conditions == null ? List.of() : conditions.stream().map(JobCondition::getType).toList();
    }

    private static JobCondition condition(JobPlan plan, String type) {
        return plan.status().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }
}
