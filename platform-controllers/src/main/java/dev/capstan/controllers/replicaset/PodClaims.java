package dev.capstan.controllers.replicaset;

import dev.capstan.controllers.runtime.ControllerRunner;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's {@code PodControllerRefManager.ClaimPods} as decisions: which pods the owner already controls,
 * which orphans it should adopt and which of its pods it should release.
 *
 * @param owned   pods controlled by this owner (by uid) that its selector still matches
 * @param adopt   orphans in its namespace that match, not being deleted, while the owner is not being deleted
 * @param release pods it controls that no longer match (not while the owner is being deleted: the garbage
 *                collector must still find them)
 */
public record PodClaims(List<Pod> owned, List<Pod> adopt, List<Pod> release) {

    public static PodClaims claim(ReplicaOwner owner, List<Pod> pods) {
        List<Pod> owned = new ArrayList<>();
        List<Pod> adopt = new ArrayList<>();
        List<Pod> release = new ArrayList<>();
        for (Pod pod : pods) {
            boolean matches = owner.selector().matches(pod.getMetadata().getLabels());
            OwnerReference controller = ControllerRunner.controllerOf(pod);
            if (controller != null) {
                if (!owner.uid().equals(controller.getUid())) {
                    continue; // someone else's
                }
                if (matches) {
                    owned.add(pod);
                } else if (!owner.deleting()) {
                    release.add(pod);
                }
                continue;
            }
            if (owner.deleting() || !matches || pod.getMetadata().getDeletionTimestamp() != null
                    || !owner.namespace().equals(pod.getMetadata().getNamespace())) {
                continue;
            }
            adopt.add(pod);
        }
        return new PodClaims(List.copyOf(owned), List.copyOf(adopt), List.copyOf(release));
    }
}
