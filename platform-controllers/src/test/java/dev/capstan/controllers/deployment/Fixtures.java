package dev.capstan.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Deployments and ReplicaSets for the table-driven tests. */
final class Fixtures {

    private Fixtures() {
    }

    static PodTemplateSpec template(String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage(image).endContainer().endSpec().build();
    }

    static Deployment rolling(int replicas, String maxSurge, String maxUnavailable) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("d-uid")
                .withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withTemplate(template("nginx:1")).withProgressDeadlineSeconds(600).withRevisionHistoryLimit(10)
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(intOrPercent(maxSurge)).withMaxUnavailable(intOrPercent(maxUnavailable))
                .endRollingUpdate().endStrategy().endSpec().build();
    }

    static IntOrString intOrPercent(String v) {
        return v.endsWith("%") ? new IntOrString(v) : new IntOrString(Integer.parseInt(v));
    }

    /** A ReplicaSet of {@code replicas} with {@code available} of them available, created at minute {@code age}. */
    static ReplicaSet rs(String name, int replicas, int available, int minute) {
        return rs(name, replicas, available, minute, Map.of());
    }

    static ReplicaSet rs(String name, int replicas, int available, int minute, Map<String, String> annotations) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(name + "-uid")
                .withCreationTimestamp(String.format("2026-01-01T00:%02d:00Z", minute))
                .withAnnotations(new LinkedHashMap<>(annotations)).withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(replicas).withTemplate(template("nginx:" + name)).endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(available).withAvailableReplicas(available)
                .withObservedGeneration(1L).endStatus().build();
    }

    static ReplicaSet withReplicas(ReplicaSet rs, int replicas, int available) {
        return new ReplicaSetBuilder(rs).editSpec().withReplicas(replicas).endSpec()
                .editStatus().withReplicas(replicas).withReadyReplicas(available).withAvailableReplicas(available).endStatus()
                .build();
    }
}
