package dev.capstan.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;

/** Test StatefulSets and their pods in a given state. */
final class StatefulSetFixtures {

    enum State { READY, PENDING, TERMINATING, FAILED }

    private StatefulSetFixtures() {
    }

    static StatefulSet set(int replicas, String policy, String strategy, Integer partition, String image) {
        StatefulSetBuilder b = new StatefulSetBuilder()
                .withNewMetadata().withName("web").withNamespace("default").withUid("uid-web").withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(replicas).withPodManagementPolicy(policy).withServiceName("nginx")
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().endTemplate()
                .withNewUpdateStrategy().withType(strategy).endUpdateStrategy()
                .endSpec();
        if (partition != null) {
            b.editSpec().editUpdateStrategy().withNewRollingUpdate().withPartition(partition).endRollingUpdate().endUpdateStrategy().endSpec();
        }
        return b.build();
    }

    static StatefulSet set(int replicas, String policy) {
        return set(replicas, policy, "RollingUpdate", null, "nginx:1");
    }

    static String revision(StatefulSet set) {
        return TemplateRevision.name("web", set.getSpec().getTemplate());
    }

    static Pod pod(int ordinal, String revision, State state) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("web-" + ordinal).withNamespace("default")
                .withLabels(Map.of("app", "web", TemplateRevision.HASH_LABEL, revision))
                .withCreationTimestamp("2026-01-01T00:00:0" + ordinal + "Z").endMetadata()
                .withNewSpec().endSpec();
        switch (state) {
            case READY -> b.withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                    .withLastTransitionTime("2026-01-01T00:00:00Z").endCondition().endStatus();
            case PENDING -> b.withNewStatus().withPhase("Pending").endStatus();
            case TERMINATING -> b.editMetadata().withDeletionTimestamp("2026-01-01T00:01:00Z").endMetadata()
                    .withNewStatus().withPhase("Running").endStatus();
            case FAILED -> b.withNewStatus().withPhase("Failed").endStatus();
            default -> throw new IllegalArgumentException();
        }
        return b.build();
    }
}
