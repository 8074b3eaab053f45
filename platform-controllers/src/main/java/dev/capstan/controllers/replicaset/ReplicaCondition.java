package dev.capstan.controllers.replicaset;

/** A status condition ({@code ReplicaFailure} is the only one upstream's controller sets). */
public record ReplicaCondition(String type, String status, String reason, String message, String lastTransitionTime) {

    public static final String REPLICA_FAILURE = "ReplicaFailure";
}
