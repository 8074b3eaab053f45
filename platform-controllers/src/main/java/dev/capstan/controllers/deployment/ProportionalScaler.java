package dev.capstan.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Upstream's scale(): a deployment resized mid-rollout spreads the change over its active ReplicaSets by size. */
public final class ProportionalScaler {

    private ProportionalScaler() {
    }

    public static List<Scaling> scale(Deployment d, ReplicaSet newRS, List<ReplicaSet> oldRSs) {
        List<Scaling> steps = new ArrayList<>();
        int desired = Rollouts.replicas(d);
        // One active ReplicaSet (or none: then the newest) simply gets the whole deployment.
        ReplicaSet activeOrLatest = ReplicaSets.activeOrLatest(newRS, oldRSs);
        if (activeOrLatest != null) {
            if (Rollouts.replicas(activeOrLatest) != desired) {
                steps.add(Scaling.to(activeOrLatest.getMetadata().getName(), desired));
            }
            return steps;
        }
        // A saturated new ReplicaSet (e.g. just adopted) means the old ones go away entirely.
        if (Rollouts.isSaturated(d, newRS)) {
            for (ReplicaSet old : ReplicaSets.active(oldRSs)) {
                steps.add(Scaling.to(old.getMetadata().getName(), 0));
            }
            return steps;
        }
        if (!Rollouts.isRollingUpdate(d)) {
            return steps;
        }
        List<ReplicaSet> all = new ArrayList<>(ReplicaSets.active(ReplicaSets.all(oldRSs, newRS)));
        int allowedSize = desired > 0 ? desired + Rollouts.maxSurge(d) : 0;
        int toAdd = allowedSize - Rollouts.specReplicas(all);
        String operation = null;
        if (toAdd > 0) {
            all.sort(ReplicaSets.BY_SIZE_NEWER);
            operation = "up";
        } else if (toAdd < 0) {
            all.sort(ReplicaSets.BY_SIZE_OLDER);
            operation = "down";
        }
        int added = 0;
        Map<String, Integer> nameToSize = new HashMap<>();
        for (ReplicaSet rs : all) {
            if (toAdd != 0) {
                int proportion = proportion(rs, d, toAdd, added);
                nameToSize.put(rs.getMetadata().getName(), Rollouts.replicas(rs) + proportion);
                added += proportion;
            } else {
                nameToSize.put(rs.getMetadata().getName(), Rollouts.replicas(rs));
            }
        }
        for (int i = 0; i < all.size(); i++) {
            String name = all.get(i).getMetadata().getName();
            if (i == 0 && toAdd != 0) {
                // Leftovers (rounding) go to the largest ReplicaSet.
                nameToSize.put(name, Math.max(0, nameToSize.get(name) + toAdd - added));
            }
            steps.add(new Scaling(name, nameToSize.get(name), operation == null ? "" : operation));
        }
        return steps;
    }

    /** Upstream GetProportion: this ReplicaSet's share of the change, never past what is left to add/remove. */
    static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        if (rs == null || Rollouts.replicas(rs) == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /** Upstream getReplicaSetFraction: its size scaled by new max / old max replicas (max-replicas annotation). */
    static int fraction(ReplicaSet rs, Deployment d) {
        int desired = Rollouts.replicas(d);
        if (desired == 0) {
            return -Rollouts.replicas(rs);
        }
        int maxReplicas = desired + Rollouts.maxSurge(d);
        Integer before = Revisions.intAnnotation(rs, Revisions.MAX_REPLICAS);
        int maxBefore = before == null ? 0 : before;
        if (maxBefore == 0) {
            // Annotation lost (someone edited the ReplicaSet): fall back to the deployment's current size.
            Integer statusReplicas = d.getStatus() == null ? null : d.getStatus().getReplicas();
            maxBefore = statusReplicas == null ? 0 : statusReplicas;
            if (maxBefore == 0) {
                return 0;
            }
        }
        double newSize = (double) Rollouts.replicas(rs) * maxReplicas / maxBefore;
        return roundToInt(newSize) - Rollouts.replicas(rs);
    }

    /** Upstream integer.RoundToInt32: halves away from zero. */
    static int roundToInt(double a) {
        return a < 0 ? (int) (a - 0.5) : (int) (a + 0.5);
    }
}
