package dev.capstan.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Instant;
import java.util.Map;

/** Test pods, described by what the replica logic looks at. */
final class Pods {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final PodBuilder pod;

    private Pods(String name) {
        pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name)
                .withCreationTimestamp(NOW.minusSeconds(3600).toString()).endMetadata()
                .withNewSpec().endSpec().withNewStatus().withPhase("Running").endStatus();
    }

    static Pods pod(String name) {
        return new Pods(name);
    }

    Pods labels(Map<String, String> labels) {
        pod.editMetadata().withLabels(labels).endMetadata();
        return this;
    }

    Pods node(String node) {
        pod.editSpec().withNodeName(node).endSpec();
        return this;
    }

    Pods phase(String phase) {
        pod.editStatus().withPhase(phase).endStatus();
        return this;
    }

    Pods readySince(Instant since) {
        pod.editStatus().addToConditions(new PodConditionBuilder().withType("Ready").withStatus("True")
                .withLastTransitionTime(since.toString()).build()).endStatus();
        return this;
    }

    Pods notReady() {
        pod.editStatus().addToConditions(new PodConditionBuilder().withType("Ready").withStatus("False").build()).endStatus();
        return this;
    }

    Pods created(Instant at) {
        pod.editMetadata().withCreationTimestamp(at.toString()).endMetadata();
        return this;
    }

    Pods restarts(int count) {
        pod.editStatus().addToContainerStatuses(new ContainerStatusBuilder().withName("c").withRestartCount(count).build())
                .endStatus();
        return this;
    }

    Pods deletionCost(String cost) {
        pod.editMetadata().addToAnnotations(PodDeletionOrder.DELETION_COST, cost).endMetadata();
        return this;
    }

    Pods deleting() {
        pod.editMetadata().withDeletionTimestamp(NOW.toString()).endMetadata();
        return this;
    }

    Pods controlledBy(String kind, String name, String uid) {
        pod.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(kind).withName(name).withUid(uid)
                .withController(true).endOwnerReference().endMetadata();
        return this;
    }

    Pods ownedBy(String kind, String name, String uid) {
        pod.editMetadata().addNewOwnerReference().withApiVersion("v1").withKind(kind).withName(name).withUid(uid)
                .withController(false).endOwnerReference().endMetadata();
        return this;
    }

    Pod build() {
        return pod.build();
    }
}
