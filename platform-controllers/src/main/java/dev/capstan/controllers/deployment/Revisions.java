package dev.capstan.controllers.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's revision and replica annotations on ReplicaSets and Deployments; kubectl reads them
 * ({@code rollout history}, {@code rollout undo}), so keys and formats are upstream's.
 */
public final class Revisions {

    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    /** Upstream's maxRevHistoryLengthInChars. */
    static final int MAX_HISTORY_CHARS = 2000;

    private static final Set<String> NOT_COPIED = Set.of("kubectl.kubernetes.io/last-applied-configuration", REVISION,
            REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to");

    private Revisions() {
    }

    static Integer intAnnotation(HasMetadata o, String key) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(key);
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The revision of a ReplicaSet, 0 when it has none (upstream Revision). */
    public static long revision(HasMetadata o) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(REVISION);
        try {
            return v == null ? 0 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static long maxRevision(Collection<ReplicaSet> rss) {
        return rss.stream().mapToLong(Revisions::revision).max().orElse(0);
    }

    /**
     * Upstream SetNewReplicaSetAnnotations on {@code annotations} (a mutable copy of the new ReplicaSet's):
     * copies the deployment's annotations, raises the revision, keeps the old revision in the history when the
     * ReplicaSet is reused (a rollback), and on creation sets the replica annotations. Returns whether anything changed.
     */
    public static boolean setNewReplicaSetAnnotations(Deployment d, Map<String, String> annotations, String newRevision,
            boolean exists) {
        boolean changed = copyDeploymentAnnotations(d, annotations);
        String oldRevision = annotations.get(REVISION);
        long oldRevisionInt;
        try {
            oldRevisionInt = oldRevision == null || oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
        } catch (NumberFormatException e) {
            return false;
        }
        long newRevisionInt = Long.parseLong(newRevision);
        if (oldRevisionInt < newRevisionInt) {
            annotations.put(REVISION, newRevision);
            changed = true;
            if (oldRevision != null) {
                appendHistory(annotations, oldRevision);
            }
        }
        if (!exists && setReplicasAnnotations(annotations, Rollouts.replicas(d), Rollouts.replicas(d) + Rollouts.maxSurge(d))) {
            changed = true;
        }
        return changed;
    }

    private static void appendHistory(Map<String, String> annotations, String oldRevision) {
        String history = annotations.getOrDefault(REVISION_HISTORY, "");
        if (history.isEmpty()) {
            annotations.put(REVISION_HISTORY, oldRevision);
            return;
        }
        List<String> old = new ArrayList<>(Arrays.asList(history.split(",", -1)));
        int totalLen = history.length() + oldRevision.length() + 1;
        int start = 0;
        while (totalLen > MAX_HISTORY_CHARS && start < old.size()) {
            totalLen -= old.get(start).length() + 1;
            start++;
        }
        if (totalLen <= MAX_HISTORY_CHARS) {
            List<String> kept = new ArrayList<>(old.subList(start, old.size()));
            kept.add(oldRevision);
            annotations.put(REVISION_HISTORY, String.join(",", kept));
        }
    }

    private static boolean copyDeploymentAnnotations(Deployment d, Map<String, String> annotations) {
        boolean changed = false;
        Map<String, String> from = d.getMetadata().getAnnotations();
        if (from == null) {
            return false;
        }
        for (Map.Entry<String, String> e : from.entrySet()) {
            if (NOT_COPIED.contains(e.getKey()) || e.getValue().equals(annotations.get(e.getKey()))) {
                continue;
            }
            annotations.put(e.getKey(), e.getValue());
            changed = true;
        }
        return changed;
    }

    /** Upstream SetReplicasAnnotations: desired and max (desired + surge) replicas of the deployment. */
    public static boolean setReplicasAnnotations(Map<String, String> annotations, int desired, int max) {
        boolean changed = false;
        if (!String.valueOf(desired).equals(annotations.get(DESIRED_REPLICAS))) {
            annotations.put(DESIRED_REPLICAS, String.valueOf(desired));
            changed = true;
        }
        if (!String.valueOf(max).equals(annotations.get(MAX_REPLICAS))) {
            annotations.put(MAX_REPLICAS, String.valueOf(max));
            changed = true;
        }
        return changed;
    }

    public static boolean replicasAnnotationsNeedUpdate(ReplicaSet rs, int desired, int max) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        return a == null || !String.valueOf(desired).equals(a.get(DESIRED_REPLICAS))
                || !String.valueOf(max).equals(a.get(MAX_REPLICAS));
    }

    /** Upstream SetDeploymentRevision on a mutable annotations map; whether it changed. */
    public static boolean setDeploymentRevision(Map<String, String> annotations, String revision) {
        if (revision == null || revision.equals(annotations.get(REVISION))) {
            return false;
        }
        annotations.put(REVISION, revision);
        return true;
    }

    static Map<String, String> mutableAnnotations(HasMetadata o) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        return a == null ? new LinkedHashMap<>() : new LinkedHashMap<>(a);
    }
}
