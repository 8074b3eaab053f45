package dev.capstan.controllers.deployment;

import dev.capstan.controllers.Result;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Upstream recreate.go: scale every old ReplicaSet to 0, wait until their pods are gone, then scale up the new one. */
final class RecreateRollout {

    private final DeploymentController controller;

    RecreateRollout(DeploymentController controller) {
        this.controller = controller;
    }

    Result rollout(Deployment d, List<ReplicaSet> rsList) {
        // No new ReplicaSet yet: creating it now would scale up before the old pods are down.
        DeploymentController.Sets sets = controller.allReplicaSets(d, rsList, false);
        Map<String, ReplicaSet> current = DeploymentController.byName(sets.all());
        boolean scaledDown = false;
        for (ReplicaSet old : ReplicaSets.active(sets.oldRSs())) {
            scaledDown |= controller.writes().scale(d, current, Scaling.to(old.getMetadata().getName(), 0));
        }
        if (scaledDown) {
            DeploymentController.Sets scaled = DeploymentController.refreshed(sets, current);
            return controller.syncRolloutStatus(d, scaled.all(), scaled.newRS());
        }
        if (oldPodsRunning(sets.newRS(), sets.oldRSs(), controller.podsOf(d, rsList))) {
            return controller.syncRolloutStatus(d, sets.all(), sets.newRS());
        }
        if (sets.newRS() == null) {
            sets = controller.allReplicaSets(d, rsList, true);
            current = DeploymentController.byName(sets.all());
        }
        controller.writes().scale(d, current, Scaling.to(sets.newRS().getMetadata().getName(), Rollouts.replicas(d)));
        DeploymentController.Sets scaled = DeploymentController.refreshed(sets, current);
        if (DeploymentStatuses.complete(d, d.getStatus())) {
            controller.cleanupHistory(d, scaled.oldRSs());
        }
        return controller.syncRolloutStatus(d, scaled.all(), scaled.newRS());
    }

    /** Upstream oldPodsRunning: old ReplicaSets still report pods, or a non-terminal pod of theirs exists. */
    static boolean oldPodsRunning(ReplicaSet newRS, List<ReplicaSet> oldRSs, List<Pod> pods) {
        if (Rollouts.actualReplicas(oldRSs) > 0) {
            return true;
        }
        String newUid = newRS == null ? null : newRS.getMetadata().getUid();
        for (Pod pod : pods) {
            var ref = dev.capstan.controllers.runtime.ControllerRunner.controllerOf(pod);
            if (ref != null && newUid != null && Objects.equals(ref.getUid(), newUid)) {
                continue;
            }
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (!"Failed".equals(phase) && !"Succeeded".equals(phase)) {
                return true;
            }
        }
        return false;
    }
}
