package dev.capstan.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** One of the two kinds the shared replica logic runs for: how to read it and how to write its status. */
interface ReplicaKind<T extends HasMetadata> {

    Class<T> type();

    /** {@code ReplicaSet} or {@code ReplicationController}: the kind in pods' controller references. */
    String kind();

    /** The event source component ({@code replicaset-controller}, {@code replication-controller}). */
    String component();

    ReplicaOwner view(T object);

    /** A copy of {@code object} with {@code status} (never modifies the cached object). */
    T withStatus(T object, ReplicaStatus status);
}
