package dev.capstan.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which pods a scale-down deletes: upstream's {@code getPodsToDelete} with {@code ActivePodsWithRanks}
 * (PodDeletionCost and LogarithmicScaleDown are GA upstream, so both apply). Least valuable first:
 * unassigned &lt; assigned; Pending &lt; Unknown &lt; Running; not ready &lt; ready; lower
 * {@code controller.kubernetes.io/pod-deletion-cost}; more related pods on the same node; ready more recently
 * (log2 buckets); more container restarts; created more recently (log2 buckets); ties by uid.
 */
public final class PodDeletionOrder {

    public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private PodDeletionOrder() {
    }

    /**
     * The {@code diff} pods to delete. {@code related} are the active and inactive pods of this owner and of its
     * sibling owners (same controller): a pod doubled up on a node with many of them goes first.
     */
    public static List<Pod> podsToDelete(List<Pod> pods, List<Pod> related, int diff, Instant now) {
        if (diff >= pods.size()) {
            return List.copyOf(pods); // all go: no need to rank
        }
        Map<String, Integer> onNode = new HashMap<>();
        for (Pod pod : related) {
            if (PodStates.isActive(pod)) {
                onNode.merge(nodeName(pod), 1, Integer::sum);
            }
        }
        List<Pod> ranked = new ArrayList<>(pods);
        ranked.sort(comparator(pod -> onNode.getOrDefault(nodeName(pod), 0), now));
        return List.copyOf(ranked.subList(0, diff));
    }

    /** Upstream's {@code Less}: negative when {@code a} should be deleted before {@code b}. */
    static Comparator<Pod> comparator(java.util.function.ToIntFunction<Pod> rank, Instant now) {
        return (a, b) -> {
            String nodeA = nodeName(a);
            String nodeB = nodeName(b);
            if (!nodeA.equals(nodeB) && (nodeA.isEmpty() || nodeB.isEmpty())) {
                return nodeA.isEmpty() ? -1 : 1;
            }
            int phase = Integer.compare(phaseOrdinal(a), phaseOrdinal(b));
            if (phase != 0) {
                return phase;
            }
            boolean readyA = PodStates.isReady(a);
            boolean readyB = PodStates.isReady(b);
            if (readyA != readyB) {
                return readyA ? 1 : -1;
            }
            int cost = Integer.compare(deletionCost(a), deletionCost(b));
            if (cost != 0) {
                return cost;
            }
            int ranks = Integer.compare(rank.applyAsInt(b), rank.applyAsInt(a)); // higher rank first
            if (ranks != 0) {
                return ranks;
            }
            if (readyA) {
                int readyTime = compareTimes(PodStates.readySince(a), PodStates.readySince(b), a, b, now);
                if (readyTime != 0) {
                    return readyTime;
                }
            }
            int restarts = compareRestarts(a, b);
            if (restarts != 0) {
                return restarts;
            }
            return compareTimes(PodStates.parseTime(a.getMetadata().getCreationTimestamp()),
                    PodStates.parseTime(b.getMetadata().getCreationTimestamp()), a, b, now);
        };
    }

    /** Zero time first, then the later time first, in log2 buckets of age with uid tie-breaks. */
    private static int compareTimes(Instant t1, Instant t2, Pod a, Pod b, Instant now) {
        if (Objects.equals(t1, t2)) {
            return 0;
        }
        if (t1 == null || t2 == null) {
            return t1 == null ? -1 : 1;
        }
        long rankDiff = logBucket(now, t1) - logBucket(now, t2);
        if (rankDiff == 0) {
            return uid(a).compareTo(uid(b));
        }
        return rankDiff < 0 ? -1 : 1;
    }

    private static long logBucket(Instant now, Instant time) {
        long nanos = Duration.between(time, now).toNanos();
        return nanos > 0 ? (long) (Math.log(nanos) / Math.log(2)) : -1;
    }

    /** Higher restart count first: regular containers, then restartable init containers (sidecars). */
    private static int compareRestarts(Pod a, Pod b) {
        int regular = Integer.compare(maxRestarts(a, false), maxRestarts(b, false));
        if (regular != 0) {
            return -regular;
        }
        return -Integer.compare(maxRestarts(a, true), maxRestarts(b, true));
    }

    private static int maxRestarts(Pod pod, boolean sidecars) {
        if (pod.getStatus() == null) {
            return 0;
        }
        List<ContainerStatus> statuses = sidecars ? pod.getStatus().getInitContainerStatuses() : pod.getStatus().getContainerStatuses();
        if (statuses == null) {
            return 0;
        }
        Set<String> sidecarNames = new HashSet<>();
        if (sidecars && pod.getSpec() != null && pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                if ("Always".equals(c.getRestartPolicy())) {
                    sidecarNames.add(c.getName());
                }
            }
        }
        int max = 0;
        for (ContainerStatus status : statuses) {
            if ((!sidecars || sidecarNames.contains(status.getName())) && status.getRestartCount() != null) {
                max = Math.max(max, status.getRestartCount());
            }
        }
        return max;
    }

    /** Pending 0, Unknown 1, Running 2; any other phase counts as 0, as upstream's map lookup. */
    private static int phaseOrdinal(Pod pod) {
        return switch (PodStates.phase(pod)) {
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 0;
        };
    }

    /** The annotation as an int32; absent or invalid is 0 (upstream ignores the parse error). */
    static int deletionCost(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(DELETION_COST);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String nodeName(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid() == null ? "" : pod.getMetadata().getUid();
    }
}
