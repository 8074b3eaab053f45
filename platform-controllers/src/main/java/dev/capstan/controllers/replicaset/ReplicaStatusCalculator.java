package dev.capstan.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Upstream's {@code calculateStatus} and {@code updateReplicaSetStatus}'s "did anything change" test. */
public final class ReplicaStatusCalculator {

    private ReplicaStatusCalculator() {
    }

    /**
     * The status for the owner's claimed active pods. A failed create/delete adds {@code ReplicaFailure}
     * (reason FailedCreate/FailedDelete, the error as message) unless one is already there; a clean sync
     * removes it. {@code observedGeneration} is left as it was: it is set only when the status is written.
     */
    public static ReplicaStatus calculate(ReplicaOwner owner, List<Pod> pods, String manageError, Instant now) {
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        Map<String, String> templateLabels = owner.template() == null || owner.template().getMetadata() == null
                ? null : owner.template().getMetadata().getLabels();
        for (Pod pod : pods) {
            if (containsAll(pod.getMetadata().getLabels(), templateLabels)) {
                fullyLabeled++;
            }
            if (PodStates.isReady(pod)) {
                ready++;
                if (PodStates.isAvailable(pod, owner.minReadySeconds(), now)) {
                    available++;
                }
            }
        }
        ReplicaStatus old = owner.status() == null ? ReplicaStatus.EMPTY : owner.status();
        List<ReplicaCondition> conditions = new ArrayList<>(old.conditions());
        ReplicaCondition failure = old.condition(ReplicaCondition.REPLICA_FAILURE);
        if (manageError != null && failure == null) {
            int diff = pods.size() - owner.replicas();
            String reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
            conditions.add(new ReplicaCondition(ReplicaCondition.REPLICA_FAILURE, "True", reason, manageError,
                    now.truncatedTo(ChronoUnit.SECONDS).toString()));
        } else if (manageError == null && failure != null) {
            conditions.removeIf(c -> c.type().equals(ReplicaCondition.REPLICA_FAILURE));
        }
        return new ReplicaStatus(pods.size(), fullyLabeled, ready, available, old.observedGeneration(), conditions);
    }

    /** Whether the status must be written: a count or the conditions changed, or the generation is not yet observed. */
    public static boolean needsUpdate(ReplicaOwner owner, ReplicaStatus calculated) {
        ReplicaStatus old = owner.status() == null ? ReplicaStatus.EMPTY : owner.status();
        return old.replicas() != calculated.replicas()
                || old.fullyLabeledReplicas() != calculated.fullyLabeledReplicas()
                || old.readyReplicas() != calculated.readyReplicas()
                || old.availableReplicas() != calculated.availableReplicas()
                || old.observedGeneration() != owner.generation()
                || !old.conditions().equals(calculated.conditions());
    }

    /** The status as written: with the owner's generation observed. */
    public static ReplicaStatus observed(ReplicaOwner owner, ReplicaStatus calculated) {
        return new ReplicaStatus(calculated.replicas(), calculated.fullyLabeledReplicas(), calculated.readyReplicas(),
                calculated.availableReplicas(), owner.generation(), calculated.conditions());
    }

    /**
     * When to look again because a ready pod will have been ready for {@code minReadySeconds} (upstream
     * requeues after the whole minReadySeconds; the remaining time of the soonest pod is enough), or null.
     */
    public static Duration nextAvailabilityCheck(ReplicaOwner owner, List<Pod> pods, Instant now) {
        Duration soonest = null;
        for (Pod pod : pods) {
            Duration until = PodStates.untilAvailable(pod, owner.minReadySeconds(), now);
            if (until != null && (soonest == null || until.compareTo(soonest) < 0)) {
                soonest = until;
            }
        }
        return soonest;
    }

    private static boolean containsAll(Map<String, String> labels, Map<String, String> wanted) {
        if (wanted == null || wanted.isEmpty()) {
            return true;
        }
        return labels != null && labels.entrySet().containsAll(wanted.entrySet());
    }
}
