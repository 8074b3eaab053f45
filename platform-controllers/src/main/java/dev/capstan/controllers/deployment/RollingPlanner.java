package dev.capstan.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The decisions of upstream's rolling.go (reconcileNewReplicaSet / reconcileOldReplicaSets), without the writes. */
public final class RollingPlanner {

    private RollingPlanner() {
    }

    /** The new ReplicaSet's next size, or null to leave it (upstream reconcileNewReplicaSet). */
    public static Integer newReplicaSetTarget(Deployment d, List<ReplicaSet> allRSs, ReplicaSet newRS) {
        int current = Rollouts.replicas(newRS);
        int desired = Rollouts.replicas(d);
        if (current == desired) {
            return null;
        }
        if (current > desired) {
            return desired;
        }
        int target = Rollouts.newRSNewReplicas(d, allRSs, newRS);
        return target == current ? null : target;
    }

    /**
     * Scale-downs of the old ReplicaSets (upstream reconcileOldReplicaSets): first the unhealthy replicas of old
     * ReplicaSets (they would otherwise block the rollout, kubernetes#16737), then available ones while more than
     * spec.replicas - maxUnavailable stay available. {@code oldRSs} are the active old ones.
     */
    public static List<Scaling> oldReplicaSetScaleDowns(Deployment d, List<ReplicaSet> allRSs, List<ReplicaSet> oldRSs,
            ReplicaSet newRS) {
        List<Scaling> steps = new ArrayList<>();
        int oldPodsCount = Rollouts.specReplicas(oldRSs);
        if (oldPodsCount == 0) {
            return steps;
        }
        int allPodsCount = Rollouts.specReplicas(allRSs);
        int minAvailable = Rollouts.replicas(d) - Rollouts.maxUnavailable(d);
        int newRSUnavailable = Rollouts.replicas(newRS) - Rollouts.available(newRS);
        int maxScaledDown = allPodsCount - minAvailable - newRSUnavailable;
        if (maxScaledDown <= 0) {
            return steps;
        }
        List<ReplicaSet> sorted = oldRSs.stream().sorted(ReplicaSets.BY_CREATION).toList();
        Map<String, Integer> size = new HashMap<>();
        sorted.forEach(rs -> size.put(rs.getMetadata().getName(), Rollouts.replicas(rs)));

        // cleanupUnhealthyReplicas
        int cleaned = 0;
        for (ReplicaSet rs : sorted) {
            if (cleaned >= maxScaledDown) {
                break;
            }
            int replicas = size.get(rs.getMetadata().getName());
            int available = Rollouts.available(rs);
            if (replicas == 0 || replicas == available) {
                continue;
            }
            int count = Math.min(maxScaledDown - cleaned, replicas - available);
            size.put(rs.getMetadata().getName(), replicas - count);
            steps.add(Scaling.to(rs.getMetadata().getName(), replicas - count));
            cleaned += count;
        }

        // scaleDownOldReplicaSetsForRollingUpdate: availability is the ReplicaSets' status, unchanged by the cleanup.
        int availablePods = Rollouts.availableReplicas(allRSs);
        if (availablePods <= minAvailable) {
            return steps;
        }
        int toScaleDown = availablePods - minAvailable;
        int scaledDown = 0;
        for (ReplicaSet rs : sorted) {
            if (scaledDown >= toScaleDown) {
                break;
            }
            int replicas = size.get(rs.getMetadata().getName());
            if (replicas == 0) {
                continue;
            }
            int count = Math.min(replicas, toScaleDown - scaledDown);
            size.put(rs.getMetadata().getName(), replicas - count);
            steps.add(Scaling.to(rs.getMetadata().getName(), replicas - count));
            scaledDown += count;
        }
        return steps;
    }
}
