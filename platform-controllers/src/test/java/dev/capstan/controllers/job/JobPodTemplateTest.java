package dev.capstan.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

class JobPodTemplateTest {

    private final Job job = JobFixtures.job(3, 2).build();

    @Test
    void podsAreLabelledAndOwnedAsUpstream() {
        Pod pod = JobPodTemplate.pod(job);
        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("pi-");
        assertThat(pod.getMetadata().getLabels()).containsEntry("app", "pi")
                .containsEntry("batch.kubernetes.io/controller-uid", "job-uid").containsEntry("batch.kubernetes.io/job-name", "pi")
                .containsEntry("controller-uid", "job-uid").containsEntry("job-name", "pi");
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Job");
            assertThat(owner.getUid()).isEqualTo("job-uid");
            assertThat(owner.getController()).isTrue();
            assertThat(owner.getBlockOwnerDeletion()).isTrue();
        });
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    }

    @Test
    void indexedPodsCarryTheirIndexEverywhereUpstreamPutsIt() {
        Pod pod = JobPodTemplate.pod(job, 2);
        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("pi-2-");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("batch.kubernetes.io/job-completion-index", "2");
        assertThat(pod.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/job-completion-index", "2");
        assertThat(pod.getSpec().getHostname()).isEqualTo("pi-2");
        assertThat(pod.getSpec().getContainers().get(0).getEnv()).singleElement().satisfies(env -> {
            assertThat(env.getName()).isEqualTo("JOB_COMPLETION_INDEX");
            assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        });
        // the template (the informer cache's object) is untouched
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).isEmpty();
        assertThat(job.getSpec().getTemplate().getSpec().getHostname()).isNull();
    }
}
