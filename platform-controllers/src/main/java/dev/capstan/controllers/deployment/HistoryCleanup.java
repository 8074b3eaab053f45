package dev.capstan.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;

/** Upstream cleanupDeployment: which old ReplicaSets go beyond spec.revisionHistoryLimit. */
public final class HistoryCleanup {

    private HistoryCleanup() {
    }

    /** The oldest (by revision) old ReplicaSets past the limit that are fully scaled down and settled. */
    public static List<ReplicaSet> toDelete(Deployment d, List<ReplicaSet> oldRSs) {
        Integer limit = d.getSpec().getRevisionHistoryLimit();
        List<ReplicaSet> out = new ArrayList<>();
        if (limit == null || limit == Integer.MAX_VALUE) {
            return out;
        }
        List<ReplicaSet> cleanable = oldRSs.stream().filter(rs -> rs.getMetadata().getDeletionTimestamp() == null)
                .sorted(ReplicaSets.BY_REVISION).toList();
        int diff = cleanable.size() - limit;
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = cleanable.get(i);
            var status = rs.getStatus();
            int statusReplicas = status == null || status.getReplicas() == null ? 0 : status.getReplicas();
            long observed = status == null || status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
            long generation = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
            // Never delete one that still has pods, or whose latest scale-down its controller has not seen yet.
            if (statusReplicas != 0 || Rollouts.replicas(rs) != 0 || generation > observed) {
                continue;
            }
            out.add(rs);
        }
        return out;
    }
}
