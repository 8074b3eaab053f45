package dev.capstan.controllers.replicaset;

import dev.capstan.controllers.runtime.ControllerRunner;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerCondition;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatusBuilder;
import java.util.List;
import java.util.Map;

/**
 * v1 ReplicationController for the shared replica logic (upstream converts it to a ReplicaSet). Its selector
 * is a map; when absent the API defaults it to the template's labels, which is what is used here too.
 */
final class ReplicationControllerKind implements ReplicaKind<ReplicationController> {

    @Override
    public Class<ReplicationController> type() {
        return ReplicationController.class;
    }

    @Override
    public String kind() {
        return "ReplicationController";
    }

    @Override
    public String component() {
        return "replication-controller";
    }

    @Override
    public ReplicaOwner view(ReplicationController rc) {
        OwnerReference controller = ControllerRunner.controllerOf(rc);
        ReplicationControllerStatus s = rc.getStatus();
        ReplicaStatus status = s == null ? ReplicaStatus.EMPTY : new ReplicaStatus(n(s.getReplicas()), n(s.getFullyLabeledReplicas()),
                n(s.getReadyReplicas()), n(s.getAvailableReplicas()), s.getObservedGeneration() == null ? 0 : s.getObservedGeneration(),
                s.getConditions() == null ? List.of() : s.getConditions().stream().map(c -> new ReplicaCondition(c.getType(),
                        c.getStatus(), c.getReason(), c.getMessage(), c.getLastTransitionTime())).toList());
        Map<String, String> selector = rc.getSpec().getSelector();
        if ((selector == null || selector.isEmpty()) && rc.getSpec().getTemplate() != null
                && rc.getSpec().getTemplate().getMetadata() != null) {
            selector = rc.getSpec().getTemplate().getMetadata().getLabels();
        }
        return new ReplicaOwner("ReplicationController", "v1", rc.getMetadata().getNamespace(), rc.getMetadata().getName(),
                rc.getMetadata().getUid(), rc.getMetadata().getGeneration() == null ? 0 : rc.getMetadata().getGeneration(),
                rc.getMetadata().getDeletionTimestamp() != null,
                rc.getSpec().getReplicas() == null ? 1 : rc.getSpec().getReplicas(),
                n(rc.getSpec().getMinReadySeconds()), LabelMatcher.of(selector), rc.getSpec().getTemplate(),
                status, controller == null ? null : controller.getUid());
    }

    @Override
    public ReplicationController withStatus(ReplicationController rc, ReplicaStatus status) {
        ReplicationControllerStatusBuilder builder = rc.getStatus() == null ? new ReplicationControllerStatusBuilder()
                : new ReplicationControllerStatusBuilder(rc.getStatus());
        ReplicationControllerStatus written = builder.withReplicas(status.replicas())
                .withFullyLabeledReplicas(status.fullyLabeledReplicas())
                .withReadyReplicas(status.readyReplicas())
                .withAvailableReplicas(status.availableReplicas())
                .withObservedGeneration(status.observedGeneration())
                .withConditions(status.conditions().stream().map(c -> new ReplicationControllerCondition(c.lastTransitionTime(),
                        c.message(), c.reason(), c.status(), c.type())).toList())
                .build();
        return new ReplicationControllerBuilder(rc).withStatus(written).build();
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }
}
