package dev.capstan.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Upstream's ReplicaSet orderings and the new/old split of a deployment's ReplicaSets. */
public final class ReplicaSets {

    /** Older first, then by name (upstream ReplicaSetsByCreationTimestamp). */
    public static final Comparator<ReplicaSet> BY_CREATION = Comparator
            .comparing((ReplicaSet rs) -> nullToEmpty(rs.getMetadata().getCreationTimestamp()))
            .thenComparing(rs -> rs.getMetadata().getName());

    /** Larger first; ties older first (upstream ReplicaSetsBySizeOlder: scale down older ones first). */
    public static final Comparator<ReplicaSet> BY_SIZE_OLDER = Comparator
            .comparingInt((ReplicaSet rs) -> -Rollouts.replicas(rs)).thenComparing(BY_CREATION);

    /** Larger first; ties newer first (upstream ReplicaSetsBySizeNewer: scale up newer ones first). */
    public static final Comparator<ReplicaSet> BY_SIZE_NEWER = Comparator
            .comparingInt((ReplicaSet rs) -> -Rollouts.replicas(rs)).thenComparing(BY_CREATION.reversed());

    /** Lower revision first, ties by creation (upstream ReplicaSetsByRevision). */
    public static final Comparator<ReplicaSet> BY_REVISION = Comparator
            .comparingLong((ReplicaSet rs) -> Revisions.revision(rs)).thenComparing(BY_CREATION);

    private ReplicaSets() {
    }

    private static String nullToEmpty(String s) {
        // RFC 3339 UTC timestamps of one format sort as strings.
        return s == null ? "" : s;
    }

    /** The oldest ReplicaSet whose template equals the deployment's, hash label aside (upstream FindNewReplicaSet). */
    public static ReplicaSet findNew(Deployment d, Collection<ReplicaSet> rss) {
        return rss.stream().sorted(BY_CREATION)
                .filter(rs -> PodTemplateHash.equalIgnoreHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate()))
                .findFirst().orElse(null);
    }

    /** Every ReplicaSet but the new one (upstream FindOldReplicaSets' allOldRSs). */
    public static List<ReplicaSet> findOld(Deployment d, Collection<ReplicaSet> rss) {
        ReplicaSet newRS = findNew(d, rss);
        List<ReplicaSet> old = new ArrayList<>();
        for (ReplicaSet rs : rss) {
            if (newRS == null || !Objects.equals(rs.getMetadata().getUid(), newRS.getMetadata().getUid())
                    || !rs.getMetadata().getName().equals(newRS.getMetadata().getName())) {
                old.add(rs);
            }
        }
        return old;
    }

    /** ReplicaSets with spec.replicas > 0 (upstream FilterActiveReplicaSets). */
    public static List<ReplicaSet> active(Collection<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).filter(rs -> Rollouts.replicas(rs) > 0).toList();
    }

    /** With the new one (possibly null) dropped: a list of the non-null ReplicaSets. */
    public static List<ReplicaSet> all(List<ReplicaSet> old, ReplicaSet newRS) {
        List<ReplicaSet> all = new ArrayList<>(old);
        if (newRS != null) {
            all.add(newRS);
        }
        return all;
    }

    /** The single active ReplicaSet, or the newest when none is active; null when several are (upstream FindActiveOrLatest). */
    public static ReplicaSet activeOrLatest(ReplicaSet newRS, List<ReplicaSet> old) {
        if (newRS == null && old.isEmpty()) {
            return null;
        }
        List<ReplicaSet> active = active(all(old, newRS));
        if (active.isEmpty()) {
            return newRS != null ? newRS : old.stream().max(BY_CREATION).orElseThrow();
        }
        return active.size() == 1 ? active.get(0) : null;
    }
}
