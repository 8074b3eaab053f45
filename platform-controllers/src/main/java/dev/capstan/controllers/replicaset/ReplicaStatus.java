package dev.capstan.controllers.replicaset;

import java.util.List;

/** A ReplicaSet's or ReplicationController's status, as the controller computes it. */
public record ReplicaStatus(int replicas, int fullyLabeledReplicas, int readyReplicas, int availableReplicas,
                            long observedGeneration, List<ReplicaCondition> conditions) {

    public static final ReplicaStatus EMPTY = new ReplicaStatus(0, 0, 0, 0, 0, List.of());

    public ReplicaStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    public ReplicaCondition condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
    }
}
