package dev.capstan.controllers.replicaset;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.List;
import java.util.Map;

/** Test owners (the shared view of a ReplicaSet). */
final class Owners {

    static final Map<String, String> APP = Map.of("app", "web");

    private Owners() {
    }

    static PodTemplateSpec template() {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", "web", "tier", "front"))
                .withAnnotations(Map.of("note", "x")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build();
    }

    static ReplicaOwner owner(int replicas) {
        return owner(replicas, 0, ReplicaStatus.EMPTY, false);
    }

    static ReplicaOwner owner(int replicas, int minReadySeconds, ReplicaStatus status, boolean deleting) {
        return new ReplicaOwner("ReplicaSet", "apps/v1", "ns", "web", "rs-uid", 2, deleting, replicas, minReadySeconds,
                LabelMatcher.of(new LabelSelectorBuilder().withMatchLabels(APP).build()), template(), status, null);
    }

    static ReplicaStatus status(int replicas, int ready, int available, long observed, List<ReplicaCondition> conditions) {
        return new ReplicaStatus(replicas, replicas, ready, available, observed, conditions);
    }
}
