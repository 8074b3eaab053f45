package dev.capstan.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Collection;
import java.util.Objects;

/** Upstream's deployment_util numbers: fenceposts (maxSurge/maxUnavailable), replica counts, saturation. */
public final class Rollouts {

    public static final String ROLLING_UPDATE = "RollingUpdate";
    public static final String RECREATE = "Recreate";

    private Rollouts() {
    }

    /** spec.replicas (the API server defaults it to 1). */
    public static int replicas(Deployment d) {
        Integer r = d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    public static int replicas(ReplicaSet rs) {
        if (rs == null) {
            return 0;
        }
        Integer r = rs.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    public static boolean isRollingUpdate(Deployment d) {
        return d.getSpec().getStrategy() == null || d.getSpec().getStrategy().getType() == null
                || ROLLING_UPDATE.equals(d.getSpec().getStrategy().getType());
    }

    public static boolean isRecreate(Deployment d) {
        return !isRollingUpdate(d);
    }

    /** Upstream's ResolveFenceposts: surge rounds up, unavailable down, and never both zero. */
    public static int[] resolveFenceposts(IntOrString maxSurge, IntOrString maxUnavailable, int desired) {
        int surge = IntOrPercent.scaled(maxSurge, desired, true);
        int unavailable = IntOrPercent.scaled(maxUnavailable, desired, false);
        if (surge == 0 && unavailable == 0) {
            // Rounding down may make maxUnavailable 0; then allow 1 on the theory that surge might not work (quota).
            unavailable = 1;
        }
        return new int[] {surge, unavailable};
    }

    private static int[] fenceposts(Deployment d) {
        var strategy = d.getSpec().getStrategy();
        var rolling = strategy == null ? null : strategy.getRollingUpdate();
        // apps/v1 defaults both to 25% when the API server did not fill them in.
        IntOrString surge = rolling == null || rolling.getMaxSurge() == null ? new IntOrString("25%") : rolling.getMaxSurge();
        IntOrString unavailable = rolling == null || rolling.getMaxUnavailable() == null
                ? new IntOrString("25%") : rolling.getMaxUnavailable();
        return resolveFenceposts(surge, unavailable, replicas(d));
    }

    public static int maxSurge(Deployment d) {
        return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
    }

    public static int maxUnavailable(Deployment d) {
        if (!isRollingUpdate(d) || replicas(d) == 0) {
            return 0;
        }
        return Math.min(fenceposts(d)[1], replicas(d));
    }

    /** How many replicas the new ReplicaSet may have now (upstream NewRSNewReplicas). */
    public static int newRSNewReplicas(Deployment d, Collection<ReplicaSet> allRSs, ReplicaSet newRS) {
        if (!isRollingUpdate(d)) {
            return replicas(d);
        }
        int currentPodCount = specReplicas(allRSs);
        int maxTotalPods = replicas(d) + maxSurge(d);
        if (currentPodCount >= maxTotalPods) {
            return replicas(newRS);
        }
        int scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicas(d) - replicas(newRS));
        return replicas(newRS) + scaleUpCount;
    }

    /** Sum of spec.replicas (upstream GetReplicaCountForReplicaSets). */
    public static int specReplicas(Collection<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).mapToInt(Rollouts::replicas).sum();
    }

    /** Sum of status.replicas (upstream GetActualReplicaCountForReplicaSets). */
    public static int actualReplicas(Collection<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).mapToInt(rs -> status(rs, "replicas")).sum();
    }

    public static int readyReplicas(Collection<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).mapToInt(rs -> status(rs, "ready")).sum();
    }

    public static int availableReplicas(Collection<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).mapToInt(rs -> status(rs, "available")).sum();
    }

    public static int available(ReplicaSet rs) {
        return status(rs, "available");
    }

    private static int status(ReplicaSet rs, String field) {
        var s = rs.getStatus();
        if (s == null) {
            return 0;
        }
        Integer v = switch (field) {
            case "replicas" -> s.getReplicas();
            case "ready" -> s.getReadyReplicas();
            default -> s.getAvailableReplicas();
        };
        return v == null ? 0 : v;
    }

    /** Whether the new ReplicaSet runs the full deployment, and it is all available (upstream IsSaturated). */
    public static boolean isSaturated(Deployment d, ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        Integer desired = Revisions.intAnnotation(rs, Revisions.DESIRED_REPLICAS);
        return desired != null && replicas(rs) == replicas(d) && desired == replicas(d) && available(rs) == replicas(d);
    }
}
