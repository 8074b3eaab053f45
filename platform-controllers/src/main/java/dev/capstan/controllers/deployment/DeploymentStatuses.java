package dev.capstan.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Upstream's calculateStatus and progress.go (syncRolloutStatus, requeueStuckDeployment), without the writes. */
public final class DeploymentStatuses {

    private DeploymentStatuses() {
    }

    public static boolean hasProgressDeadline(Deployment d) {
        Integer p = d.getSpec().getProgressDeadlineSeconds();
        return p != null && p != Integer.MAX_VALUE;
    }

    /** Counts from the ReplicaSets plus the Available condition (upstream calculateStatus). */
    public static DeploymentStatus calculate(Deployment d, List<ReplicaSet> allRSs, ReplicaSet newRS, Instant now) {
        int available = Rollouts.availableReplicas(allRSs);
        // Negative when scaling down with more available than desired: then nothing is unavailable.
        int unavailable = Math.max(0, Rollouts.specReplicas(allRSs) - available);
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        DeploymentStatus status = new DeploymentStatus();
        status.setObservedGeneration(d.getMetadata().getGeneration());
        status.setReplicas(Rollouts.actualReplicas(allRSs));
        status.setUpdatedReplicas(newRS == null ? 0 : Rollouts.actualReplicas(List.of(newRS)));
        status.setReadyReplicas(Rollouts.readyReplicas(allRSs));
        status.setAvailableReplicas(available);
        status.setUnavailableReplicas(unavailable);
        status.setCollisionCount(old.getCollisionCount());
        status.setConditions(old.getConditions() == null ? new ArrayList<>() : new ArrayList<>(old.getConditions()));
        if (available >= Rollouts.replicas(d) - Rollouts.maxUnavailable(d)) {
            Conditions.set(status, Conditions.create(Conditions.AVAILABLE, "True", Conditions.MINIMUM_REPLICAS_AVAILABLE,
                    "Deployment has minimum availability.", now));
        } else {
            Conditions.set(status, Conditions.create(Conditions.AVAILABLE, "False", Conditions.MINIMUM_REPLICAS_UNAVAILABLE,
                    "Deployment does not have minimum availability.", now));
        }
        return status;
    }

    /** The status with the Progressing estimate and ReplicaFailure (upstream syncRolloutStatus). */
    public static DeploymentStatus rollout(Deployment d, List<ReplicaSet> allRSs, ReplicaSet newRS, Instant now) {
        DeploymentStatus status = calculate(d, allRSs, newRS, now);
        String name = d.getMetadata().getName();
        if (!hasProgressDeadline(d)) {
            Conditions.remove(status, Conditions.PROGRESSING);
        }
        DeploymentCondition current = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
        boolean completeRollout = i(status.getReplicas()) == i(status.getUpdatedReplicas()) && current != null
                && Conditions.NEW_RS_AVAILABLE_REASON.equals(current.getReason());
        if (hasProgressDeadline(d) && !completeRollout) {
            String subject = newRS != null ? "ReplicaSet \"" + newRS.getMetadata().getName() + "\"" : "Deployment \"" + name + "\"";
            if (complete(d, status)) {
                Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "True", Conditions.NEW_RS_AVAILABLE_REASON,
                        subject + " has successfully progressed.", now));
            } else if (progressing(d, status)) {
                DeploymentCondition condition = Conditions.create(Conditions.PROGRESSING, "True",
                        Conditions.REPLICA_SET_UPDATED_REASON, subject + " is progressing.", now);
                // Progress refreshes lastUpdateTime even with the same reason, hence remove-then-set.
                if (current != null) {
                    if ("True".equals(current.getStatus())) {
                        condition.setLastTransitionTime(current.getLastTransitionTime());
                    }
                    Conditions.remove(status, Conditions.PROGRESSING);
                }
                Conditions.set(status, condition);
            } else if (timedOut(d, status, now)) {
                Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "False", Conditions.TIMED_OUT_REASON,
                        subject + " has timed out progressing.", now));
            }
        }
        DeploymentCondition failure = replicaFailure(allRSs, newRS);
        if (failure != null) {
            Conditions.set(status, failure);
        } else {
            Conditions.remove(status, Conditions.REPLICA_FAILURE);
        }
        return status;
    }

    /** The first ReplicaFailure of the new ReplicaSet, else of an old one (upstream getReplicaFailures). */
    private static DeploymentCondition replicaFailure(List<ReplicaSet> allRSs, ReplicaSet newRS) {
        List<ReplicaSet> order = new ArrayList<>();
        if (newRS != null) {
            order.add(newRS);
        }
        allRSs.stream().filter(rs -> rs != newRS).forEach(order::add);
        for (ReplicaSet rs : order) {
            if (rs.getStatus() == null || rs.getStatus().getConditions() == null) {
                continue;
            }
            for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
                if (Conditions.REPLICA_FAILURE.equals(c.getType()) && "True".equals(c.getStatus())) {
                    DeploymentCondition dc = new DeploymentCondition();
                    dc.setType(Conditions.REPLICA_FAILURE);
                    dc.setStatus(c.getStatus());
                    dc.setReason(c.getReason());
                    dc.setMessage(c.getMessage());
                    dc.setLastTransitionTime(c.getLastTransitionTime());
                    dc.setLastUpdateTime(c.getLastTransitionTime());
                    return dc;
                }
            }
        }
        return null;
    }

    /** Upstream DeploymentComplete: every replica updated and available, and the latest generation observed. */
    public static boolean complete(Deployment d, DeploymentStatus s) {
        int desired = Rollouts.replicas(d);
        return s != null && i(s.getUpdatedReplicas()) == desired && i(s.getReplicas()) == desired
                && i(s.getAvailableReplicas()) == desired && l(s.getObservedGeneration()) >= l(d.getMetadata().getGeneration());
    }

    /** Upstream DeploymentProgressing: more updated/ready/available replicas, or fewer old ones, than before. */
    public static boolean progressing(Deployment d, DeploymentStatus s) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldOld = i(old.getReplicas()) - i(old.getUpdatedReplicas());
        int newOld = i(s.getReplicas()) - i(s.getUpdatedReplicas());
        return i(s.getUpdatedReplicas()) > i(old.getUpdatedReplicas()) || newOld < oldOld
                || i(s.getReadyReplicas()) > i(old.getReadyReplicas()) || i(s.getAvailableReplicas()) > i(old.getAvailableReplicas());
    }

    /** Upstream DeploymentTimedOut: no progress reported for progressDeadlineSeconds. */
    public static boolean timedOut(Deployment d, DeploymentStatus s, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        DeploymentCondition c = Conditions.get(s, Conditions.PROGRESSING);
        if (c == null || Conditions.NEW_RS_AVAILABLE_REASON.equals(c.getReason())) {
            return false;
        }
        if (Conditions.TIMED_OUT_REASON.equals(c.getReason())) {
            return true;
        }
        Instant deadline = Conditions.parse(c.getLastUpdateTime()).plusSeconds(d.getSpec().getProgressDeadlineSeconds());
        return deadline.isBefore(now);
    }

    /**
     * When to look again for a deadline (upstream requeueStuckDeployment): null for no need, ZERO for now.
     * Without it a stuck rollout would only time out at the next unrelated event (kubernetes#34458).
     */
    public static Duration requeueAfter(Deployment d, DeploymentStatus newStatus, Instant now) {
        DeploymentCondition current = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
        if (!hasProgressDeadline(d) || current == null) {
            return null;
        }
        if (complete(d, newStatus) || Conditions.TIMED_OUT_REASON.equals(current.getReason())) {
            return null;
        }
        Duration after = Duration.between(now,
                Conditions.parse(current.getLastUpdateTime()).plusSeconds(d.getSpec().getProgressDeadlineSeconds()));
        if (after.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ZERO;
        }
        return after.plusSeconds(1);
    }

    /** Equality with absent numbers read as 0 (the API omits zero counts). */
    public static boolean same(DeploymentStatus a, DeploymentStatus b) {
        DeploymentStatus x = a == null ? new DeploymentStatus() : a;
        DeploymentStatus y = b == null ? new DeploymentStatus() : b;
        return l(x.getObservedGeneration()) == l(y.getObservedGeneration()) && i(x.getReplicas()) == i(y.getReplicas())
                && i(x.getUpdatedReplicas()) == i(y.getUpdatedReplicas()) && i(x.getReadyReplicas()) == i(y.getReadyReplicas())
                && i(x.getAvailableReplicas()) == i(y.getAvailableReplicas())
                && i(x.getUnavailableReplicas()) == i(y.getUnavailableReplicas())
                && Objects.equals(x.getCollisionCount(), y.getCollisionCount())
                && conditions(x).equals(conditions(y));
    }

    private static List<DeploymentCondition> conditions(DeploymentStatus s) {
        return s.getConditions() == null ? List.of() : s.getConditions();
    }

    static int i(Integer v) {
        return v == null ? 0 : v;
    }

    static long l(Long v) {
        return v == null ? 0 : v;
    }
}
