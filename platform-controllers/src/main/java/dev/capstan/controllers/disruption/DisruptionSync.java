package dev.capstan.controllers.disruption;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The disruption controller's arithmetic, without a server (upstream {@code trySync}): how many pods are
 * expected, how many must stay healthy, how many are, and so how many may be disrupted now.
 */
public final class DisruptionSync {

    /** Upstream {@code DeletionTimeout}: how long a pod the eviction API disrupted counts as going away. */
    static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);

    /** The outcome: the numbers, the pruned disrupted-pods map, when to look again, and what to warn about. */
    public record Outcome(int expectedPods, int desiredHealthy, int currentHealthy, int disruptionsAllowed,
                          Map<String, String> disruptedPods, Instant recheck, List<String> unmanagedPods,
                          List<String> notDeleted) {
    }

    private DisruptionSync() {
    }

    /** Throws {@link IllegalStateException} with upstream's message when the expected count cannot be computed. */
    public static Outcome compute(PodDisruptionBudget pdb, List<Pod> pods, List<ControllerScale.Finder> finders, Instant now) {
        List<String> unmanaged = new ArrayList<>();
        int expected = 0;
        int desired = 0;
        IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
        IntOrString minAvailable = pdb.getSpec().getMinAvailable();
        if (maxUnavailable != null && (maxUnavailable.getIntVal() != null || maxUnavailable.getStrVal() != null)) {
            expected = expectedScale(pods, finders, unmanaged);
            desired = Math.max(0, expected - scaled(maxUnavailable, expected));
        } else if (minAvailable != null && minAvailable.getIntVal() != null) {
            // An absolute minimum needs no controller: the pods that exist are what is expected.
            desired = minAvailable.getIntVal();
            expected = pods.size();
        } else if (minAvailable != null && minAvailable.getStrVal() != null) {
            expected = expectedScale(pods, finders, unmanaged);
            desired = scaled(minAvailable, expected);
        }
        List<String> notDeleted = new ArrayList<>();
        Map<String, String> disrupted = new LinkedHashMap<>();
        Instant recheck = disruptedPods(pdb, pods, now, disrupted, notDeleted);
        int healthy = currentHealthy(pods, disrupted, now);
        int allowed = healthy - desired;
        if (expected <= 0 || allowed <= 0) {
            allowed = 0;
        }
        return new Outcome(expected, desired, healthy, allowed, disrupted, recheck, unmanaged, notDeleted);
    }

    /** Upstream {@code GetScaledValueFromIntOrPercent} rounding up; a string must be a percentage. */
    static int scaled(IntOrString value, int total) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal();
        if (!text.endsWith("%")) {
            throw new IllegalStateException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int percent;
        try {
            percent = Integer.parseInt(text.substring(0, text.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("invalid value \"" + text + "\": " + e.getMessage());
        }
        return (int) Math.ceil(percent * (double) total / 100);
    }

    /** Upstream {@code getExpectedScale}: the sum of the distinct controllers' desired replicas. */
    static int expectedScale(List<Pod> pods, List<ControllerScale.Finder> finders, List<String> unmanaged) {
        // Keyed by the controller found (a Deployment for its ReplicaSets' pods), so each counts once.
        Map<String, Integer> scaleByController = new LinkedHashMap<>();
        java.util.Set<String> seenRefs = new java.util.HashSet<>();
        for (Pod pod : pods) {
            OwnerReference ref = controllerOf(pod);
            if (ref == null) {
                unmanaged.add(pod.getMetadata().getName());
                continue;
            }
            if (!seenRefs.add(ref.getUid())) {
                continue;
            }
            Optional<ControllerScale> scale = Optional.empty();
            for (ControllerScale.Finder finder : finders) {
                scale = finder.find(ref, pod.getMetadata().getNamespace());
                if (scale.isPresent()) {
                    break;
                }
            }
            if (scale.isEmpty()) {
                throw new IllegalStateException("found no controllers for pod \"" + pod.getMetadata().getName() + "\"");
            }
            scaleByController.put(scale.get().uid(), scale.get().replicas());
        }
        return scaleByController.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Upstream {@code buildDisruptedPodMap}: keeps entries of pods that still exist, are not yet being
     * deleted and are within the deletion timeout; returns when the earliest kept entry expires.
     */
    static Instant disruptedPods(PodDisruptionBudget pdb, List<Pod> pods, Instant now,
                                 Map<String, String> kept, List<String> notDeleted) {
        Map<String, String> stored = pdb.getStatus() == null || pdb.getStatus().getDisruptedPods() == null
                ? Map.of() : pdb.getStatus().getDisruptedPods();
        Instant recheck = null;
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            if (pod.getMetadata().getDeletionTimestamp() != null || !stored.containsKey(name)) {
                continue;
            }
            Instant expectedDeletion = Instant.parse(stored.get(name)).plus(DELETION_TIMEOUT);
            if (expectedDeletion.isBefore(now)) {
                notDeleted.add(name);
            } else {
                if (recheck == null || expectedDeletion.isBefore(recheck)) {
                    recheck = expectedDeletion;
                }
                kept.put(name, stored.get(name));
            }
        }
        return recheck;
    }

    /** Upstream {@code countHealthyPods}: ready pods neither being deleted nor recently disrupted. */
    static int currentHealthy(List<Pod> pods, Map<String, String> disrupted, Instant now) {
        int healthy = 0;
        for (Pod pod : pods) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String disruptedAt = disrupted.get(pod.getMetadata().getName());
            if (disruptedAt != null && Instant.parse(disruptedAt).plus(DELETION_TIMEOUT).isAfter(now)) {
                continue;
            }
            if (ready(pod)) {
                healthy++;
            }
        }
        return healthy;
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static OwnerReference controllerOf(Pod pod) {
        if (pod.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        return pod.getMetadata().getOwnerReferences().stream().filter(o -> Boolean.TRUE.equals(o.getController()))
                .findFirst().orElse(null);
    }
}
