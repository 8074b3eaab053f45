package dev.capstan.controllers.deployment;

/**
 * One planned ReplicaSet scale, applied in order. {@code operation} null is upstream's
 * scaleReplicaSetAndRecordEvent (nothing to do when the size is already {@code to}); "up"/"down" is upstream's
 * scaleReplicaSet from proportional scaling, which also refreshes the replica annotations at an unchanged size.
 */
public record Scaling(String replicaSet, int to, String operation) {

    public static Scaling to(String replicaSet, int to) {
        return new Scaling(replicaSet, to, null);
    }
}
