package dev.capstan.controllers.deployment;

import dev.capstan.controllers.EventRecorder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The deployment controller's writes: ReplicaSet scales (with upstream's events), status, deletions, adoption. */
final class DeploymentWrites {

    static final String SCALING_REPLICA_SET = "ScalingReplicaSet";

    private final KubernetesClient client;
    private final EventRecorder events;

    DeploymentWrites(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    KubernetesClient client() {
        return client;
    }

    EventRecorder events() {
        return events;
    }

    /**
     * Applies one planned scale to the latest copy in {@code current} (by name) and replaces it there
     * (upstream scaleReplicaSet / scaleReplicaSetAndRecordEvent). Returns whether the size changed.
     */
    boolean scale(Deployment d, Map<String, ReplicaSet> current, Scaling step) {
        ReplicaSet rs = current.get(step.replicaSet());
        if (rs == null) {
            return false;
        }
        int oldScale = Rollouts.replicas(rs);
        String operation = step.operation();
        if (operation == null) {
            if (oldScale == step.to()) {
                return false;
            }
            operation = oldScale < step.to() ? "up" : "down";
        }
        int desired = Rollouts.replicas(d);
        int max = desired + Rollouts.maxSurge(d);
        boolean sizeChanges = oldScale != step.to();
        if (!sizeChanges && !Revisions.replicasAnnotationsNeedUpdate(rs, desired, max)) {
            return false;
        }
        Map<String, String> annotations = Revisions.mutableAnnotations(rs);
        Revisions.setReplicasAnnotations(annotations, desired, max);
        ReplicaSet copy = new ReplicaSetBuilder(rs).editMetadata().withAnnotations(annotations).endMetadata()
                .editSpec().withReplicas(step.to()).endSpec().build();
        ReplicaSet updated = client.resources(ReplicaSet.class).inNamespace(rs.getMetadata().getNamespace())
                .resource(copy).update();
        current.put(step.replicaSet(), updated);
        if (sizeChanges) {
            events.normal(d, SCALING_REPLICA_SET, "Scaled " + operation + " replica set " + rs.getMetadata().getName()
                    + " from " + oldScale + " to " + step.to());
        }
        return sizeChanges;
    }

    /** Applies the steps in order; whether any changed a size. */
    boolean scaleAll(Deployment d, Map<String, ReplicaSet> current, List<Scaling> steps) {
        boolean scaled = false;
        for (Scaling step : steps) {
            scaled |= scale(d, current, step);
        }
        return scaled;
    }

    /** Writes the status (and annotations, which the status subresource also takes) and keeps d's resourceVersion. */
    void updateStatus(Deployment d, DeploymentStatus status) {
        d.setStatus(status);
        Deployment updated = client.resources(Deployment.class).inNamespace(d.getMetadata().getNamespace())
                .resource(d).updateStatus();
        if (updated != null) {
            d.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
        }
    }

    void delete(ReplicaSet rs) {
        client.resources(ReplicaSet.class).inNamespace(rs.getMetadata().getNamespace())
                .withName(rs.getMetadata().getName()).delete();
    }

    static OwnerReference controllerRef(Deployment d) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /** Makes the deployment the controller of an orphan ReplicaSet its selector matches (upstream ClaimReplicaSets). */
    ReplicaSet adopt(Deployment d, ReplicaSet rs) {
        return client.resources(ReplicaSet.class).inNamespace(rs.getMetadata().getNamespace())
                .withName(rs.getMetadata().getName()).edit(latest -> {
                    List<OwnerReference> refs = latest.getMetadata().getOwnerReferences() == null
                            ? new ArrayList<>() : new ArrayList<>(latest.getMetadata().getOwnerReferences());
                    if (refs.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController()))) {
                        return latest;
                    }
                    refs.add(controllerRef(d));
                    return new ReplicaSetBuilder(latest).editMetadata().withOwnerReferences(refs).endMetadata().build();
                });
    }
}
