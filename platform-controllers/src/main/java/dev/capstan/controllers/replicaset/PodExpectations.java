package dev.capstan.controllers.replicaset;

import dev.capstan.controllers.Expectations;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime's {@link Expectations} counters, fed per pod (upstream's {@code UIDTrackingControllerExpectations}).
 * The runtime's watch hooks only compute keys, without telling an add from an update, so a creation counts as
 * observed the first time the informer shows the created pod (by name; the informer may show it before the
 * create call returns), a deletion once the cache shows the pod gone, replaced or terminating. Each pod counts
 * once, so repeated events cannot satisfy the expectations early.
 */
final class PodExpectations {

    private final Expectations counts;
    private final Map<ObjectKey, Tracking> tracking = new ConcurrentHashMap<>();

    PodExpectations() {
        this(Clock.systemUTC());
    }

    PodExpectations(Clock clock) {
        this.counts = new Expectations(clock);
    }

    /** Before creating {@code count} pods for {@code key}. */
    void expectCreations(ObjectKey key, int count) {
        tracking.put(key, new Tracking(Map.of()));
        counts.expect(key, count, 0);
    }

    /** Before deleting {@code pods} for {@code key}. */
    void expectDeletions(ObjectKey key, List<Pod> pods) {
        Map<String, String> uidsByName = new HashMap<>();
        pods.forEach(pod -> uidsByName.put(pod.getMetadata().getName(), pod.getMetadata().getUid()));
        tracking.put(key, new Tracking(uidsByName));
        counts.expect(key, 0, pods.size());
    }

    /** A create call returned this pod name. */
    void created(ObjectKey key, String name) {
        Tracking t = tracking.get(key);
        if (t != null && t.created(name)) {
            counts.creationObserved(key);
        }
    }

    /** A create failed: no event will come for it. */
    void creationFailed(ObjectKey key) {
        counts.creationObserved(key);
    }

    /** A delete failed (or the pod was already gone): nothing more to wait for. */
    void deletionFailed(ObjectKey key, Pod pod) {
        Tracking t = tracking.get(key);
        if (t != null && t.deletionSeen(pod.getMetadata().getName())) {
            counts.deletionObserved(key);
        }
    }

    /** The informer showed {@code pod} (controlled by the owner {@code key}) in any event. */
    void observe(ObjectKey key, Pod pod) {
        Tracking t = tracking.get(key);
        if (t == null) {
            return;
        }
        if (t.seen(pod.getMetadata().getName())) {
            counts.creationObserved(key);
        }
        if (pod.getMetadata().getDeletionTimestamp() != null && t.deletionSeen(pod.getMetadata().getName())) {
            counts.deletionObserved(key);
        }
    }

    /** Whether {@code key}'s cache can be trusted: what was created is seen, what was deleted is gone (or expired). */
    boolean satisfied(ObjectKey key, Lister<Pod> pods) {
        Tracking t = tracking.get(key);
        if (t != null) {
            for (String name : t.pendingDeletions()) {
                Pod cached = pods.get(key.namespace(), name);
                if (cached == null || !t.deletingUid(name).equals(cached.getMetadata().getUid())
                        || cached.getMetadata().getDeletionTimestamp() != null) {
                    if (t.deletionSeen(name)) {
                        counts.deletionObserved(key);
                    }
                }
            }
        }
        boolean satisfied = counts.satisfied(key);
        if (satisfied && t != null) {
            tracking.remove(key, t);
        }
        return satisfied;
    }

    /** The owner is gone. */
    void delete(ObjectKey key) {
        tracking.remove(key);
        counts.delete(key);
    }

    /** One round of creates or deletes for a key. */
    private static final class Tracking {
        private final Set<String> created = new HashSet<>();
        private final Set<String> seen = new HashSet<>();
        private final Map<String, String> deleting;

        Tracking(Map<String, String> deleting) {
            this.deleting = new HashMap<>(deleting);
        }

        /** True when this completes the pair (created and seen) for the first time. */
        synchronized boolean created(String name) {
            return created.add(name) && seen.contains(name);
        }

        synchronized boolean seen(String name) {
            return seen.add(name) && created.contains(name);
        }

        /** True the first time a pending deletion of {@code name} is seen done. */
        synchronized boolean deletionSeen(String name) {
            return deleting.remove(name) != null;
        }

        synchronized Set<String> pendingDeletions() {
            return new HashSet<>(deleting.keySet());
        }

        synchronized String deletingUid(String name) {
            String uid = deleting.get(name);
            return uid == null ? "" : uid;
        }
    }
}
