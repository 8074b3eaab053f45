package dev.capstan.controllers.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a Job's pods from its template, labelled and owned as upstream's pod control does. */
final class JobPodTemplate {

    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String LEGACY_CONTROLLER_UID = "controller-uid";
    static final String LEGACY_JOB_NAME = "job-name";

    private JobPodTemplate() {
    }

    /**
     * The labels selecting a Job's pods. Upstream's API server puts them into spec.template and spec.selector
     * when the Job is created; we add them to pods as well so pods are labelled alike either way.
     */
    static Map<String, String> labels(Job job) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(CONTROLLER_UID, job.getMetadata().getUid());
        labels.put(JOB_NAME, job.getMetadata().getName());
        labels.put(LEGACY_CONTROLLER_UID, job.getMetadata().getUid());
        labels.put(LEGACY_JOB_NAME, job.getMetadata().getName());
        return labels;
    }

    static Pod pod(Job job) {
        return pod(job, null);
    }

    /**
     * A pod of the Job; in the Indexed mode ({@code index} not null) it carries its completion index in an
     * annotation and label, as {@code JOB_COMPLETION_INDEX} in every container and in its hostname, as upstream.
     */
    static Pod pod(Job job, Integer index) {
        ObjectMeta template = job.getSpec().getTemplate().getMetadata() == null
                ? new ObjectMeta() : job.getSpec().getTemplate().getMetadata();
        Map<String, String> labels = new LinkedHashMap<>(template.getLabels() == null ? Map.of() : template.getLabels());
        labels.putAll(labels(job));
        PodSpec spec = new PodSpecBuilder(job.getSpec().getTemplate().getSpec()).build();
        // Job pods run to completion: a template without a policy would get Always, which the API rejects for Jobs.
        if (spec.getRestartPolicy() == null) {
            spec.setRestartPolicy("OnFailure");
        }
        Map<String, String> annotations = new LinkedHashMap<>(template.getAnnotations() == null ? Map.of() : template.getAnnotations());
        String generateName = job.getMetadata().getName() + "-";
        if (index != null) {
            annotations.put(CompletionIndexes.INDEX, index.toString());
            labels.put(CompletionIndexes.INDEX, index.toString());
            generateName = job.getMetadata().getName() + "-" + index + "-";
            if (spec.getHostname() == null || spec.getHostname().isEmpty()) {
                spec.setHostname(job.getMetadata().getName() + "-" + index);
            }
            addIndexEnv(spec.getContainers());
            addIndexEnv(spec.getInitContainers());
        }
        return new PodBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withGenerateName(generateName)
                        .withNamespace(job.getMetadata().getNamespace())
                        .withLabels(labels)
                        .withAnnotations(annotations.isEmpty() ? null : annotations)
                        .withOwnerReferences(new OwnerReferenceBuilder()
                                .withApiVersion("batch/v1").withKind("Job")
                                .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid())
                                .withController(true).withBlockOwnerDeletion(true).build())
                        .build())
                .withSpec(spec)
                .build();
    }

    private static void addIndexEnv(List<Container> containers) {
        if (containers == null) {
            return;
        }
        for (Container container : containers) {
            List<EnvVar> env = container.getEnv() == null ? new ArrayList<>() : new ArrayList<>(container.getEnv());
            if (env.stream().noneMatch(e -> "JOB_COMPLETION_INDEX".equals(e.getName()))) {
                env.add(new EnvVarBuilder().withName("JOB_COMPLETION_INDEX").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("metadata.annotations['" + CompletionIndexes.INDEX + "']").endFieldRef()
                        .endValueFrom().build());
            }
            container.setEnv(env);
        }
    }
}
