package dev.capstan.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream's {@code updateStatefulSet} (pkg/controller/statefulset/stateful_set_control.go) as a pure
 * decision: given the set and the pods it controls, which ordinals to create and which pods to delete now.
 * {@code OrderedReady} acts on one pod at a time and stops at the first pod that is not Running and Ready;
 * {@code Parallel} creates and deletes everything at once. A RollingUpdate replaces pods at or above the
 * partition from the highest ordinal down, one at a time, each only once the pods above are healthy again.
 */
public final class StatefulSetSync {

    /** Upstream's {@code statefulPodRegex}: {@code <parent>-<ordinal>}. */
    private static final Pattern ORDINAL = Pattern.compile("^(.*)-([0-9]+)$");

    private StatefulSetSync() {
    }

    /** The pod's ordinal if it is named {@code <set>-<ordinal>}, else -1. */
    public static int ordinal(String setName, Pod pod) {
        Matcher m = ORDINAL.matcher(pod.getMetadata().getName());
        if (!m.matches() || !m.group(1).equals(setName) || m.group(2).length() > 9) {
            return -1;
        }
        return Integer.parseInt(m.group(2));
    }

    public static String podRevision(Pod pod) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(TemplateRevision.HASH_LABEL);
    }

    public static boolean parallel(StatefulSet set) {
        return "Parallel".equals(set.getSpec().getPodManagementPolicy());
    }

    public static boolean onDelete(StatefulSet set) {
        return set.getSpec().getUpdateStrategy() != null && "OnDelete".equals(set.getSpec().getUpdateStrategy().getType());
    }

    public static int partition(StatefulSet set) {
        var strategy = set.getSpec().getUpdateStrategy();
        if (strategy == null || strategy.getRollingUpdate() == null || strategy.getRollingUpdate().getPartition() == null) {
            return 0;
        }
        return strategy.getRollingUpdate().getPartition();
    }

    /** Upstream's {@code getStartOrdinal}: {@code spec.ordinals.start}, 0 by default. */
    public static int startOrdinal(StatefulSet set) {
        var ordinals = set.getSpec().getOrdinals();
        return ordinals == null || ordinals.getStart() == null ? 0 : ordinals.getStart();
    }

    public static int replicas(StatefulSet set) {
        return set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
    }

    /** The current revision: the one recorded in status, or the update revision for a new set. */
    public static String currentRevision(StatefulSet set, String updateRevision) {
        String recorded = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
        return recorded == null || recorded.isEmpty() ? updateRevision : recorded;
    }

    /** Decides this sync's creates and deletes for {@code pods} (the set's own pods) at {@code now}. */
    public static StatefulSetPlan plan(StatefulSet set, List<Pod> pods, Instant now) {
        String name = set.getMetadata().getName();
        String updateRevision = TemplateRevision.name(name, set.getSpec().getTemplate());
        String currentRevision = currentRevision(set, updateRevision);
        int replicas = replicas(set);
        boolean monotonic = !parallel(set);
        TreeMap<Integer, Pod> byOrdinal = new TreeMap<>();
        for (Pod pod : pods) {
            int ordinal = ordinal(name, pod);
            if (ordinal >= 0) {
                byOrdinal.merge(ordinal, pod, (a, b) -> a);
            }
        }
        StatefulSetStatus status = status(set, byOrdinal.values(), currentRevision, updateRevision, now);
        List<Integer> create = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        int start = startOrdinal(set);
        if (!scale(byOrdinal, start, start + replicas, monotonic, create, delete) && create.isEmpty() && delete.isEmpty()) {
            rollingUpdate(set, byOrdinal, start, start + replicas, updateRevision, delete);
        }
        return new StatefulSetPlan(create, delete, status);
    }

    /**
     * Creates missing ordinals in [start, end), replaces failed pods, removes condemned ones (outside the
     * range, highest first). Returns true when a monotonic set must wait (a pod is not yet Running and
     * Ready, or terminating).
     */
    private static boolean scale(TreeMap<Integer, Pod> byOrdinal, int start, int end, boolean monotonic,
                                 List<Integer> create, List<String> delete) {
        Pod firstUnhealthy = null;
        for (int i = start; i < end; i++) {
            Pod pod = byOrdinal.get(i);
            if (pod == null) {
                create.add(i);
                if (monotonic) {
                    return true;
                }
                continue;
            }
            if ((PodState.isFailed(pod) || PodState.isSucceeded(pod)) && !PodState.isTerminating(pod)) {
                // upstream deletes a finished pod so the next sync recreates it with the same identity
                delete.add(pod.getMetadata().getName());
                if (monotonic) {
                    return true;
                }
                continue;
            }
            if (!PodState.isRunningAndReady(pod) || PodState.isTerminating(pod)) {
                if (firstUnhealthy == null) {
                    firstUnhealthy = pod;
                }
                if (monotonic) {
                    return true;
                }
            }
        }
        List<Pod> condemned = new ArrayList<>(byOrdinal.tailMap(end, true).descendingMap().values());
        condemned.addAll(byOrdinal.headMap(start, false).descendingMap().values());
        if (firstUnhealthy == null) {
            firstUnhealthy = condemned.stream().filter(p -> !PodState.isRunningAndReady(p)).reduce((a, b) -> b).orElse(null);
        }
        for (Pod pod : condemned) {
            if (PodState.isTerminating(pod)) {
                if (monotonic) {
                    return true;
                }
                continue;
            }
            // the lowest unhealthy condemned pod may go; others wait for it (upstream's firstUnhealthyPod)
            if (monotonic && !PodState.isRunningAndReady(pod) && pod != firstUnhealthy) {
                return true;
            }
            delete.add(pod.getMetadata().getName());
            if (monotonic) {
                return true;
            }
        }
        return false;
    }

    private static void rollingUpdate(StatefulSet set, TreeMap<Integer, Pod> byOrdinal, int start, int end,
                                      String updateRevision, List<String> delete) {
        if (onDelete(set)) {
            return; // OnDelete: pods are replaced only when a user deletes them
        }
        int partition = start + partition(set);
        for (int target = end - 1; target >= partition; target--) {
            Pod pod = byOrdinal.get(target);
            if (pod == null) {
                return;
            }
            if (!Objects.equals(podRevision(pod), updateRevision) && !PodState.isTerminating(pod)) {
                delete.add(pod.getMetadata().getName());
                return;
            }
            if (!PodState.isRunningAndReady(pod) || PodState.isTerminating(pod)) {
                return; // wait for the replaced pod to be healthy before touching the next
            }
        }
    }

    /** Upstream's status computation, then {@code completeRollingUpdate}. */
    static StatefulSetStatus status(StatefulSet set, Iterable<Pod> pods, String currentRevision, String updateRevision,
                                    Instant now) {
        int minReady = set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
        int count = 0;
        int ready = 0;
        int available = 0;
        int current = 0;
        int updated = 0;
        for (Pod pod : pods) {
            count++;
            if (PodState.isRunningAndReady(pod)) {
                ready++;
                if (PodState.isAvailable(pod, minReady, now)) {
                    available++;
                }
            }
            if (!PodState.isTerminating(pod)) {
                String revision = podRevision(pod);
                if (Objects.equals(revision, currentRevision)) {
                    current++;
                }
                if (Objects.equals(revision, updateRevision)) {
                    updated++;
                }
            }
        }
        String currentOut = currentRevision;
        // upstream's completeRollingUpdate: every pod updated and ready makes the update revision current
        if (!onDelete(set) && updated == count && ready == count) {
            currentOut = updateRevision;
            current = updated;
        }
        var old = set.getStatus();
        return new StatefulSetStatusBuilder()
                .withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(count).withReadyReplicas(ready).withAvailableReplicas(available)
                .withCurrentReplicas(current).withUpdatedReplicas(updated)
                .withCurrentRevision(currentOut).withUpdateRevision(updateRevision)
                .withCollisionCount(old == null ? null : old.getCollisionCount())
                .withConditions(old == null ? null : old.getConditions())
                .build();
    }
}
