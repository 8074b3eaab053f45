package dev.capstan.controllers.daemonset;

import dev.capstan.controllers.statefulset.PodState;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's DaemonSet {@code rollingUpdate} (pkg/controller/daemon/update.go): replaces old-template pods
 * node by node. Without surge, old pods are deleted (and recreated by the next sync) while fewer than
 * {@code maxUnavailable} nodes are unavailable — old pods that are unavailable anyway go at once. With
 * {@code maxSurge}, a new pod is started next to the old one on up to {@code maxSurge} nodes and the old
 * pod deleted once the new one is available.
 */
public final class DaemonSetRollingUpdate {

    /**
     * @param delete   old pods to delete
     * @param createOn nodes to start a new pod on next to the old one (surge)
     */
    public record Picks(List<String> delete, List<String> createOn) {
    }

    private DaemonSetRollingUpdate() {
    }

    public static boolean onDelete(DaemonSet ds) {
        return ds.getSpec().getUpdateStrategy() != null && "OnDelete".equals(ds.getSpec().getUpdateStrategy().getType());
    }

    public static boolean allowsSurge(DaemonSet ds) {
        return !onDelete(ds) && maxSurge(ds, 1) > 0;
    }

    /** {@code maxUnavailable} (default 1) scaled to {@code desired} nodes, rounding up as upstream. */
    static int maxUnavailable(DaemonSet ds, int desired) {
        var rolling = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
        IntOrString value = rolling == null || rolling.getMaxUnavailable() == null ? new IntOrString(1) : rolling.getMaxUnavailable();
        return scaled(value, desired);
    }

    /** {@code maxSurge} (default 0) scaled to {@code desired} nodes, rounding up as upstream. */
    static int maxSurge(DaemonSet ds, int desired) {
        var rolling = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
        IntOrString value = rolling == null || rolling.getMaxSurge() == null ? new IntOrString(0) : rolling.getMaxSurge();
        return scaled(value, desired);
    }

    static int scaled(IntOrString value, int total) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s == null || s.isEmpty()) {
            return 0;
        }
        if (!s.endsWith("%")) {
            return Integer.parseInt(s);
        }
        int percent = Integer.parseInt(s.substring(0, s.length() - 1));
        return (int) Math.ceil(percent * total / 100.0);
    }

    /** The picks over the nodes that should run the daemon (in node-name order, for determinism). */
    static Picks pick(DaemonSet ds, List<NodePods> desired, String hash, Instant now) {
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        int maxSurge = maxSurge(ds, desired.size());
        int maxUnavailable = maxUnavailable(ds, desired.size());
        if (!desired.isEmpty() && maxSurge == 0 && maxUnavailable == 0) {
            maxUnavailable = 1; // upstream obeys the default when the API returns an impossible configuration
        }
        return maxSurge == 0 ? withoutSurge(desired, hash, maxUnavailable, minReady, now)
                : withSurge(desired, hash, maxSurge, minReady, now);
    }

    private static Picks withoutSurge(List<NodePods> desired, String hash, int maxUnavailable, int minReady, Instant now) {
        int unavailable = 0;
        List<String> allowed = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (NodePods node : desired) {
            Pods pods = Pods.split(node, hash);
            if (pods == null || (pods.newPod() == null) == (pods.oldPod() == null)) {
                unavailable++; // none, several, or both: the manage loop sorts this node out; count it as down
            } else if (pods.newPod() != null) {
                unavailable += PodState.isAvailable(pods.newPod(), minReady, now) ? 0 : 1;
            } else if (!PodState.isAvailable(pods.oldPod(), minReady, now)) {
                allowed.add(pods.oldPod().getMetadata().getName()); // down anyway: replace it now, it counts as unavailable
                unavailable++;
            } else if (unavailable < maxUnavailable) {
                candidates.add(pods.oldPod().getMetadata().getName());
            }
        }
        int remaining = Math.max(0, Math.min(maxUnavailable - unavailable, candidates.size()));
        List<String> delete = new ArrayList<>(allowed);
        delete.addAll(candidates.subList(0, remaining));
        return new Picks(delete, List.of());
    }

    private static Picks withSurge(List<NodePods> desired, String hash, int maxSurge, int minReady, Instant now) {
        int surging = 0;
        List<String> delete = new ArrayList<>();
        List<String> allowedNodes = new ArrayList<>();
        List<String> candidateNodes = new ArrayList<>();
        for (NodePods node : desired) {
            Pods pods = Pods.split(node, hash);
            if (pods == null) {
                surging++;
            } else if (pods.oldPod() == null) {
                continue; // up to date, or empty: the manage loop creates it
            } else if (pods.newPod() == null) {
                if (!PodState.isAvailable(pods.oldPod(), minReady, now)) {
                    allowedNodes.add(node.node());
                } else if (surging < maxSurge) {
                    candidateNodes.add(node.node());
                }
            } else if (!PodState.isAvailable(pods.newPod(), minReady, now)) {
                surging++; // waiting for the surged pod to become available
            } else {
                delete.add(pods.oldPod().getMetadata().getName());
            }
        }
        int remaining = Math.max(0, Math.min(maxSurge - surging, candidateNodes.size()));
        List<String> createOn = new ArrayList<>(allowedNodes);
        createOn.addAll(candidateNodes.subList(0, remaining));
        return new Picks(delete, createOn);
    }

    /** Upstream's {@code findUpdatedPodsOnNode}: at most one new and one old pod, else null. */
    private record Pods(Pod newPod, Pod oldPod) {

        static Pods split(NodePods node, String hash) {
            Pod newPod = null;
            Pod oldPod = null;
            for (Pod pod : node.pods()) {
                if (NodePods.updated(pod, hash)) {
                    if (newPod != null) {
                        return null;
                    }
                    newPod = pod;
                } else {
                    if (oldPod != null) {
                        return null;
                    }
                    oldPod = pod;
                }
            }
            return new Pods(newPod, oldPod);
        }
    }
}
