package dev.capstan.controllers.job;

import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's UID-tracking expectations, by pod name: after creating or deleting pods for a Job the controller
 * does not trust its pod cache for that Job until the informer has shown each created pod and the removal
 * (or deletion timestamp) of each deleted one, so a quick second sync cannot create the same pods twice.
 * Names seen in any informer event count as observed, so a pod created and deleted before the cache caught
 * up cannot block the Job; everything expires after upstream's 5 minutes.
 */
final class ExpectedPods {

    private record Pending(Set<String> creates, Set<String> deletes, Instant since) {
    }

    private final Map<ObjectKey, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    ExpectedPods(Clock clock) {
        this.clock = clock;
    }

    void expect(ObjectKey job, Collection<String> creates, Collection<String> deletes) {
        Set<String> c = ConcurrentHashMap.newKeySet();
        Set<String> d = ConcurrentHashMap.newKeySet();
        c.addAll(creates);
        d.addAll(deletes);
        pending.put(job, new Pending(c, d, clock.instant()));
    }

    /** An informer event for a pod of the Job. */
    void observed(ObjectKey job, String podName) {
        Pending p = pending.get(job);
        if (p != null) {
            p.creates().remove(podName);
        }
    }

    /** Whether the cache reflects this controller's last writes for the Job. */
    boolean satisfied(ObjectKey job, Lister<Pod> pods) {
        Pending p = pending.get(job);
        if (p == null) {
            return true;
        }
        if (Duration.between(p.since(), clock.instant()).compareTo(dev.capstan.controllers.Expectations.TIMEOUT) > 0) {
            pending.remove(job);
            return true;
        }
        p.creates().removeIf(name -> pods.get(job.namespace(), name) != null);
        p.deletes().removeIf(name -> {
            Pod pod = pods.get(job.namespace(), name);
            return pod == null || pod.getMetadata().getDeletionTimestamp() != null;
        });
        if (p.creates().isEmpty() && p.deletes().isEmpty()) {
            pending.remove(job, p);
            return true;
        }
        return false;
    }

    void forget(ObjectKey job) {
        pending.remove(job);
    }
}
