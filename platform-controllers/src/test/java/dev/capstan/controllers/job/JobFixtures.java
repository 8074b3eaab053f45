package dev.capstan.controllers.job;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Jobs and pods for the Job controller's unit tests. */
final class JobFixtures {

    static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

    private JobFixtures() {
    }

    static JobBuilder job(Integer completions, Integer parallelism) {
        return new JobBuilder().withNewMetadata().withName("pi").withNamespace("default").withUid("job-uid").endMetadata()
                .withNewSpec().withCompletions(completions).withParallelism(parallelism)
                .withNewTemplate().withNewMetadata().addToLabels("app", "pi").endMetadata()
                .withNewSpec().addNewContainer().withName("pi").withImage("perl").endContainer()
                .withRestartPolicy("Never").endSpec().endTemplate().endSpec();
    }

    static Job started(JobBuilder builder) {
        return builder.withNewStatus().withStartTime(T0.toString()).endStatus().build();
    }

    static Pod pod(String name, String phase, boolean ready, Instant finished) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withCreationTimestamp(T0.toString()).endMetadata()
                .withNewSpec().withNodeName("node-0").endSpec()
                .withNewStatus().withPhase(phase)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus();
        if (finished != null) {
            pod.editStatus().addToContainerStatuses(new ContainerStatusBuilder().withName("pi").withNewState()
                    .withNewTerminated().withFinishedAt(finished.toString()).withExitCode("Failed".equals(phase) ? 1 : 0)
                    .endTerminated().endState().build()).endStatus();
        }
        return pod.build();
    }

    static List<Pod> pods(int running, int succeeded, int failed) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < running; i++) {
            pods.add(pod("run-" + i, "Running", true, null));
        }
        for (int i = 0; i < succeeded; i++) {
            pods.add(pod("ok-" + i, "Succeeded", false, T0.plusSeconds(1)));
        }
        for (int i = 0; i < failed; i++) {
            pods.add(pod("bad-" + i, "Failed", false, T0.plusSeconds(1)));
        }
        return pods;
    }

    static Pod terminating(String name) {
        return new PodBuilder(pod(name, "Running", true, null)).editMetadata().withDeletionTimestamp(T0.toString()).endMetadata().build();
    }
}
