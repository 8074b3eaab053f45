package dev.capstan.controllers.garbagecollector;

/**
 * What the garbage collector knows about one owner of a dependent (upstream's classifyReferences buckets).
 */
public enum OwnerState {
    /** The owner exists (same uid) and is not waiting for its dependents: the dependent stays. */
    SOLID,
    /** No object with the reference's uid exists, confirmed by a live read (the cache may lag). */
    DANGLING,
    /** The owner is being deleted with the {@code foregroundDeletion} finalizer: it waits for its dependents. */
    WAITING_FOR_DEPENDENTS
}
