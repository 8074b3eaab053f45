package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Job controller against a real server. The test plays the kubelet: it finishes pods by writing their
 * status (phase and terminated container) through the status subresource. No nodes are registered, so the
 * pods stay unbound and deletions need no kubelet confirmation. The pod failure backoff is shortened.
 */
class JobIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.controllers.job.pod-failure-backoff=1s");

    static KubernetesClient client;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void aParallelJobRunsAtMostParallelismPodsAndCompletes() throws Exception {
        Map<String, Boolean> active = new ConcurrentHashMap<>();
        AtomicInteger maxActive = new AtomicInteger();
        try (Watch ignored = client.pods().inNamespace("default").withLabel("batch.kubernetes.io/job-name", "six")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        boolean running = action != Action.DELETED && !finished(pod);
                        active.put(pod.getMetadata().getName(), running);
                        maxActive.accumulateAndGet((int) active.values().stream().filter(b -> b).count(), Math::max);
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
            client.resources(Job.class).inNamespace("default").resource(job("six", 6, 3, 6)).create();
            for (int round = 0; round < 2; round++) {
                await().atMost(Duration.ofSeconds(20)).until(() -> running("six").size() == 3);
                Thread.sleep(300); // give an over-eager controller the chance to create a 4th
                List<Pod> pods = running("six");
                assertThat(pods).hasSize(3);
                pods.forEach(pod -> finish(pod, "Succeeded"));
            }
            new Kubectl(SERVER.kubeconfig()).run("wait", "--for=condition=complete", "job/six", "--timeout=30s").ok();
        }
        Job job = client.resources(Job.class).inNamespace("default").withName("six").get();
        assertThat(job.getStatus().getSucceeded()).isEqualTo(6);
        assertThat(job.getStatus().getActive()).isZero();
        assertThat(job.getStatus().getCompletionTime()).isNotBlank();
        assertThat(job.getStatus().getConditions()).extracting(JobCondition::getType).contains("SuccessCriteriaMet", "Complete");
        assertThat(maxActive.get()).isEqualTo(3);
        assertThat(client.pods().inNamespace("default").withLabel("job-name", "six").list().getItems()).hasSize(6)
                .allSatisfy(pod -> {
                    assertThat(pod.getMetadata().getGenerateName()).isEqualTo("six-");
                    assertThat(pod.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/controller-uid",
                            job.getMetadata().getUid()).containsEntry("app", "six");
                    assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                            .satisfies(owner -> assertThat(owner.getBlockOwnerDeletion()).isTrue());
                });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(reasons("six"))
                .contains("SuccessfulCreate", "Completed"));
    }

    @Test
    void aJobWhosePodsFailStopsAtItsBackoffLimit() {
        client.resources(Job.class).inNamespace("default").resource(job("crash", 1, 1, 1)).create();
        for (int attempt = 0; attempt < 2; attempt++) {
            await().atMost(Duration.ofSeconds(20)).until(() -> running("crash").size() == 1);
            finish(running("crash").get(0), "Failed");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Job job = client.resources(Job.class).inNamespace("default").withName("crash").get();
            assertThat(job.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Failed");
                assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
                assertThat(c.getMessage()).isEqualTo("Job has reached the specified backoff limit");
            });
            assertThat(job.getStatus().getFailed()).isEqualTo(2);
        });
        assertThat(client.pods().inNamespace("default").withLabel("job-name", "crash").list().getItems()).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(reasons("crash")).contains("BackoffLimitExceeded"));
    }

    @Test
    void aFinishedJobWithATtlIsDeleted() {
        Job job = new JobBuilder(job("short", 1, 1, 6)).editSpec().withTtlSecondsAfterFinished(1).endSpec().build();
        client.resources(Job.class).inNamespace("default").resource(job).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> running("short").size() == 1);
        finish(running("short").get(0), "Succeeded");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.resources(Job.class).inNamespace("default").withName("short").get() == null);
    }

    @Test
    void anIndexedJobRunsOnePodPerIndexAndRecordsCompletedIndexes() {
        Job job = new JobBuilder(job("idx", 3, 3, 6)).editSpec().withCompletionMode("Indexed").endSpec().build();
        client.resources(Job.class).inNamespace("default").resource(job).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> running("idx").size() == 3);
        assertThat(running("idx")).extracting(pod -> pod.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index"))
                .containsExactlyInAnyOrder("0", "1", "2");
        assertThat(running("idx")).allSatisfy(pod -> assertThat(pod.getSpec().getHostname())
                .isEqualTo("idx-" + pod.getMetadata().getLabels().get("batch.kubernetes.io/job-completion-index")));
        running("idx").forEach(pod -> finish(pod, "Succeeded"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Job done = client.resources(Job.class).inNamespace("default").withName("idx").get();
            assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0-2");
            assertThat(done.getStatus().getConditions()).extracting(JobCondition::getType).contains("Complete");
        });
    }

    private static Job job(String name, int completions, int parallelism, int backoffLimit) {
        return new JobBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withCompletions(completions).withParallelism(parallelism).withBackoffLimit(backoffLimit)
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("work").withImage("busybox").endContainer()
                .withRestartPolicy("Never").endSpec().endTemplate().endSpec().build();
    }

    private static List<Pod> running(String job) {
        return client.pods().inNamespace("default").withLabel("job-name", job).list().getItems().stream()
                .filter(pod -> !finished(pod) && pod.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** What a kubelet writes when the pod's only container exits. */
    private static void finish(Pod pod, String phase) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String status = """
                {"status":{"phase":"%s","containerStatuses":[{"name":"work","image":"busybox","imageID":"","ready":false,
                  "restartCount":0,"state":{"terminated":{"exitCode":%d,"reason":"%s","startedAt":"%s","finishedAt":"%s"}}}]}}
                """.formatted(phase, "Succeeded".equals(phase) ? 0 : 1, "Succeeded".equals(phase) ? "Completed" : "Error", now, now);
        client.pods().inNamespace("default").withName(pod.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), status);
    }

    private static List<String> reasons(String job) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> job.equals(e.getInvolvedObject().getName()) && "Job".equals(e.getInvolvedObject().getKind()))
                .map(Event::getReason).toList();
    }
}
