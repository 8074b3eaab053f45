package dev.capstan.controllers.daemonset;

import dev.capstan.controllers.Expectations;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.statefulset.PodState;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Upstream's expectations, by pod name: daemon pods get generated names, so after creating or deleting
 * some the controller must not trust its cache until it shows them (created, or terminating/gone), or it
 * would create a second pod for a node. Entries expire after {@link Expectations#TIMEOUT}.
 */
final class PendingWrites {

    private record Pending(Set<String> created, Set<String> deleted, Instant since) {
    }

    private final Map<ObjectKey, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    PendingWrites(Clock clock) {
        this.clock = clock;
    }

    void record(ObjectKey key, Set<String> created, Set<String> deleted) {
        if (created.isEmpty() && deleted.isEmpty()) {
            pending.remove(key);
        } else {
            pending.put(key, new Pending(Set.copyOf(created), Set.copyOf(deleted), clock.instant()));
        }
    }

    /** Whether the cache's {@code pods} show every recorded write (and forgets them if so). */
    boolean satisfied(ObjectKey key, List<Pod> pods) {
        Pending p = pending.get(key);
        if (p == null) {
            return true;
        }
        if (clock.instant().isAfter(p.since().plus(Expectations.TIMEOUT))) {
            pending.remove(key);
            return true;
        }
        Set<String> live = pods.stream().filter(pod -> !PodState.isTerminating(pod))
                .map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet());
        Set<String> all = pods.stream().map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet());
        // a created pod may already be gone again (deleted by someone): only "seen or never will be" matters
        boolean created = p.created().stream().allMatch(all::contains);
        boolean deleted = p.deleted().stream().noneMatch(live::contains);
        if (created && deleted) {
            pending.remove(key);
            return true;
        }
        return false;
    }

    void forget(ObjectKey key) {
        pending.remove(key);
    }
}
