package dev.capstan.controllers.replicaset;

import dev.capstan.controllers.runtime.ControllerRunner;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.util.List;

/** apps/v1 ReplicaSet for the shared replica logic. */
final class ReplicaSetKind implements ReplicaKind<ReplicaSet> {

    @Override
    public Class<ReplicaSet> type() {
        return ReplicaSet.class;
    }

    @Override
    public String kind() {
        return "ReplicaSet";
    }

    @Override
    public String component() {
        return "replicaset-controller";
    }

    @Override
    public ReplicaOwner view(ReplicaSet rs) {
        OwnerReference controller = ControllerRunner.controllerOf(rs);
        ReplicaSetStatus s = rs.getStatus();
        ReplicaStatus status = s == null ? ReplicaStatus.EMPTY : new ReplicaStatus(n(s.getReplicas()), n(s.getFullyLabeledReplicas()),
                n(s.getReadyReplicas()), n(s.getAvailableReplicas()), s.getObservedGeneration() == null ? 0 : s.getObservedGeneration(),
                s.getConditions() == null ? List.of() : s.getConditions().stream().map(c -> new ReplicaCondition(c.getType(),
                        c.getStatus(), c.getReason(), c.getMessage(), c.getLastTransitionTime())).toList());
        return new ReplicaOwner("ReplicaSet", "apps/v1", rs.getMetadata().getNamespace(), rs.getMetadata().getName(),
                rs.getMetadata().getUid(), rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration(),
                rs.getMetadata().getDeletionTimestamp() != null,
                rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas(),
                n(rs.getSpec().getMinReadySeconds()), LabelMatcher.of(rs.getSpec().getSelector()), rs.getSpec().getTemplate(),
                status, controller == null ? null : controller.getUid());
    }

    @Override
    public ReplicaSet withStatus(ReplicaSet rs, ReplicaStatus status) {
        ReplicaSetStatusBuilder builder = rs.getStatus() == null ? new ReplicaSetStatusBuilder()
                : new ReplicaSetStatusBuilder(rs.getStatus());
        ReplicaSetStatus written = builder.withReplicas(status.replicas())
                .withFullyLabeledReplicas(status.fullyLabeledReplicas())
                .withReadyReplicas(status.readyReplicas())
                .withAvailableReplicas(status.availableReplicas())
                .withObservedGeneration(status.observedGeneration())
                .withConditions(status.conditions().stream().map(c -> new ReplicaSetCondition(c.lastTransitionTime(),
                        c.message(), c.reason(), c.status(), c.type())).toList())
                .build();
        return new ReplicaSetBuilder(rs).withStatus(written).build();
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }
}
