package dev.capstan.controllers;

/**
 * Brings one object's world to its desired state. Level-based and idempotent: it reads the current state
 * from listers (informer caches), never from the event that queued the key, deep-copies before changing
 * anything, treats a missing object as "clean up", and may be called again at any time for the same key.
 * Never called concurrently for the same key. Throw to be retried with rate-limited backoff.
 */
public interface Reconciler {

    Result reconcile(ObjectKey key) throws Exception;
}
