package dev.capstan.controllers.deployment;

import dev.capstan.controllers.Lister;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream getNewReplicaSet: finds the ReplicaSet of the current template (raising its revision when an old one is
 * reused, as after {@code kubectl rollout undo}) or creates {@code <deployment>-<hash>}; records the revision and
 * the Progressing reason on the deployment. Mutates {@code d}, the reconcile's own copy.
 */
final class NewReplicaSetSync {

    private final DeploymentWrites writes;
    private final Lister<ReplicaSet> replicaSets;
    private final Clock clock;

    NewReplicaSetSync(DeploymentWrites writes, Lister<ReplicaSet> replicaSets, Clock clock) {
        this.writes = writes;
        this.replicaSets = replicaSets;
        this.clock = clock;
    }

    ReplicaSet get(Deployment d, List<ReplicaSet> rsList, List<ReplicaSet> oldRSs, boolean create) {
        ReplicaSet existing = ReplicaSets.findNew(d, rsList);
        String newRevision = Long.toString(Revisions.maxRevision(oldRSs) + 1);
        if (existing != null) {
            return syncExisting(d, existing, newRevision);
        }
        if (!create) {
            return null;
        }
        return createNew(d, oldRSs, newRevision);
    }

    private ReplicaSet syncExisting(Deployment d, ReplicaSet existing, String newRevision) {
        Map<String, String> annotations = Revisions.mutableAnnotations(existing);
        boolean annotationsUpdated = Revisions.setNewReplicaSetAnnotations(d, annotations, newRevision, true);
        int minReadySeconds = d.getSpec().getMinReadySeconds() == null ? 0 : d.getSpec().getMinReadySeconds();
        int rsMinReady = existing.getSpec().getMinReadySeconds() == null ? 0 : existing.getSpec().getMinReadySeconds();
        if (annotationsUpdated || minReadySeconds != rsMinReady) {
            ReplicaSet copy = new ReplicaSetBuilder(existing).editMetadata().withAnnotations(annotations).endMetadata()
                    .editSpec().withMinReadySeconds(minReadySeconds).endSpec().build();
            // As upstream: the rollout goes on with the updated copy; the deployment's revision follows on the next pass.
            return writes.client().resources(ReplicaSet.class).inNamespace(copy.getMetadata().getNamespace())
                    .resource(copy).update();
        }
        Map<String, String> dAnnotations = Revisions.mutableAnnotations(d);
        boolean needsUpdate = Revisions.setDeploymentRevision(dAnnotations, annotations.get(Revisions.REVISION));
        d.getMetadata().setAnnotations(dAnnotations);
        DeploymentStatus status = statusCopy(d);
        if (DeploymentStatuses.hasProgressDeadline(d) && Conditions.get(status, Conditions.PROGRESSING) == null) {
            Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "True", Conditions.FOUND_NEW_RS_REASON,
                    "Found new replica set \"" + existing.getMetadata().getName() + "\"", clock.instant()));
            needsUpdate = true;
        }
        if (needsUpdate) {
            writes.updateStatus(d, status);
        }
        return existing;
    }

    private ReplicaSet createNew(Deployment d, List<ReplicaSet> oldRSs, String newRevision) {
        Integer collisionCount = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
        String hash = PodTemplateHash.compute(d.getSpec().getTemplate(), collisionCount);
        Map<String, String> labels = new LinkedHashMap<>();
        PodTemplateSpec template = d.getSpec().getTemplate();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(PodTemplateHash.LABEL, hash);
        PodTemplateSpec newTemplate = new PodTemplateSpecBuilder(template).editOrNewMetadata().withLabels(labels).endMetadata().build();
        LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector()).addToMatchLabels(PodTemplateHash.LABEL, hash).build();
        ReplicaSet newRS = new ReplicaSetBuilder().withNewMetadata().withName(d.getMetadata().getName() + "-" + hash)
                .withNamespace(d.getMetadata().getNamespace()).withOwnerReferences(DeploymentWrites.controllerRef(d))
                .withLabels(new LinkedHashMap<>(labels)).endMetadata()
                .withNewSpec().withReplicas(0).withMinReadySeconds(d.getSpec().getMinReadySeconds()).withSelector(selector)
                .withTemplate(newTemplate).endSpec().build();
        int newReplicas = Rollouts.newRSNewReplicas(d, ReplicaSets.all(oldRSs, newRS), newRS);
        newRS.getSpec().setReplicas(newReplicas);
        Map<String, String> annotations = new LinkedHashMap<>();
        Revisions.setNewReplicaSetAnnotations(d, annotations, newRevision, false);
        newRS.getMetadata().setAnnotations(annotations);

        ReplicaSet created;
        boolean alreadyExists = false;
        try {
            created = writes.client().resources(ReplicaSet.class).inNamespace(d.getMetadata().getNamespace()).resource(newRS).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                ReplicaSet rs = replicaSets.get(d.getMetadata().getNamespace(), newRS.getMetadata().getName());
                var ref = rs == null ? null : dev.capstan.controllers.runtime.ControllerRunner.controllerOf(rs);
                if (ref != null && Objects.equals(ref.getUid(), d.getMetadata().getUid())
                        && PodTemplateHash.equalIgnoreHash(d.getSpec().getTemplate(), rs.getSpec().getTemplate())) {
                    created = rs;
                    alreadyExists = true;
                } else {
                    // A hash collision with someone else's ReplicaSet: a new collisionCount gives a new hash next time.
                    DeploymentStatus status = statusCopy(d);
                    status.setCollisionCount(collisionCount == null ? 1 : collisionCount + 1);
                    writes.updateStatus(d, status);
                    throw e;
                }
            } else {
                String msg = "Failed to create new replica set \"" + newRS.getMetadata().getName() + "\": " + e.getMessage();
                if (DeploymentStatuses.hasProgressDeadline(d)) {
                    DeploymentStatus status = statusCopy(d);
                    Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "False", Conditions.FAILED_RS_CREATE_REASON,
                            msg, clock.instant()));
                    try {
                        writes.updateStatus(d, status);
                    } catch (KubernetesClientException ignored) {
                        // The create failure is the error worth reporting.
                    }
                }
                writes.events().warning(d, Conditions.FAILED_RS_CREATE_REASON, msg);
                throw e;
            }
        }
        if (!alreadyExists && newReplicas > 0) {
            writes.events().normal(d, DeploymentWrites.SCALING_REPLICA_SET,
                    "Scaled up replica set " + created.getMetadata().getName() + " from 0 to " + newReplicas);
        }
        Map<String, String> dAnnotations = Revisions.mutableAnnotations(d);
        boolean needsUpdate = Revisions.setDeploymentRevision(dAnnotations, newRevision);
        d.getMetadata().setAnnotations(dAnnotations);
        DeploymentStatus status = statusCopy(d);
        if (!alreadyExists && DeploymentStatuses.hasProgressDeadline(d)) {
            DeploymentCondition condition = Conditions.create(Conditions.PROGRESSING, "True", Conditions.NEW_RS_REASON,
                    "Created new replica set \"" + created.getMetadata().getName() + "\"", clock.instant());
            Conditions.set(status, condition);
            needsUpdate = true;
        }
        if (needsUpdate) {
            writes.updateStatus(d, status);
        }
        return created;
    }

    private static DeploymentStatus statusCopy(Deployment d) {
        DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        DeploymentStatus copy = new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder(s).build();
        copy.setConditions(s.getConditions() == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(s.getConditions()));
        return copy;
    }
}
