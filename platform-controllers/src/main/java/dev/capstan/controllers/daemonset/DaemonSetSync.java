package dev.capstan.controllers.daemonset;

import dev.capstan.controllers.statefulset.PodState;
import dev.capstan.controllers.statefulset.TemplateRevision;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's {@code syncDaemonSet} (pkg/controller/daemon/daemon_controller.go) as a pure decision: every
 * eligible node gets exactly one daemon pod ({@code manage}/{@code podsShouldBeOnNode}), pods on nodes that
 * are no longer eligible or gone are deleted, a RollingUpdate replaces old-template pods
 * ({@link DaemonSetRollingUpdate}), and the status counts nodes as upstream's {@code updateDaemonSetStatus}.
 */
public final class DaemonSetSync {

    private DaemonSetSync() {
    }

    /** The plan for {@code ds} over all {@code nodes} and the pods it controls, at {@code now}. */
    public static DaemonSetPlan plan(DaemonSet ds, List<Node> nodes, List<Pod> pods, Instant now) {
        String hash = TemplateRevision.hash(ds.getSpec().getTemplate());
        PodSpec spec = DaemonPods.specWithDefaultTolerations(ds);
        boolean surge = DaemonSetRollingUpdate.allowsSurge(ds);
        Map<String, List<Pod>> byNode = new HashMap<>();
        Set<String> delete = new LinkedHashSet<>();
        Set<String> nodeNames = new java.util.HashSet<>();
        nodes.forEach(n -> nodeNames.add(n.getMetadata().getName()));
        for (Pod pod : pods) {
            String node = DaemonPods.nodeOf(pod);
            if (node == null || !nodeNames.contains(node)) {
                // its node is gone (upstream's getUnscheduledPodsWithoutNode)
                if (!PodState.isTerminating(pod)) {
                    delete.add(pod.getMetadata().getName());
                }
                continue;
            }
            byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(pod);
        }
        List<String> create = new ArrayList<>();
        List<NodePods> desired = new ArrayList<>();
        List<Node> sorted = nodes.stream().sorted(Comparator.comparing(n -> n.getMetadata().getName())).toList();
        for (Node node : sorted) {
            String name = node.getMetadata().getName();
            NodePods onNode = NodePods.of(name, byNode.getOrDefault(name, List.of()));
            boolean shouldRun = NodeEligibility.shouldRun(spec, node);
            if (shouldRun) {
                desired.add(onNode);
                manageEligible(ds, onNode, hash, surge, create, delete);
            } else if (!shouldContinueRunning(spec, node)) {
                onNode.pods().forEach(p -> delete.add(p.getMetadata().getName()));
            }
        }
        if (!DaemonSetRollingUpdate.onDelete(ds)) {
            DaemonSetRollingUpdate.Picks picks = DaemonSetRollingUpdate.pick(ds, desired, hash, now);
            picks.delete().forEach(delete::add);
            picks.createOn().stream().filter(n -> !create.contains(n)).forEach(create::add);
        }
        return new DaemonSetPlan(create, new ArrayList<>(delete), status(ds, sorted, spec, byNode, hash, now));
    }

    /** Upstream's {@code podsShouldBeOnNode} for a node that should run the daemon. */
    private static void manageEligible(DaemonSet ds, NodePods onNode, String hash, boolean surge, List<String> create,
                                       Set<String> delete) {
        List<Pod> running = new ArrayList<>();
        for (Pod pod : onNode.pods()) {
            if (PodState.isFailed(pod)) {
                delete.add(pod.getMetadata().getName()); // replaced on the next sync (upstream adds backoff)
            } else {
                running.add(pod);
            }
        }
        if (running.isEmpty()) {
            create.add(onNode.node());
            return;
        }
        if (running.size() == 1) {
            return;
        }
        if (!surge) {
            running.subList(1, running.size()).forEach(p -> delete.add(p.getMetadata().getName()));
            return;
        }
        // surge: keep the oldest updated pod, and the oldest old pod while the updated one is not ready yet
        Pod oldestNew = running.stream().filter(p -> NodePods.updated(p, hash)).findFirst().orElse(null);
        Pod oldestOld = running.stream().filter(p -> !NodePods.updated(p, hash)).findFirst().orElse(null);
        for (Pod pod : running) {
            boolean keep = pod == oldestNew || (pod == oldestOld && (oldestNew == null || !PodState.isReady(oldestNew)));
            if (!keep) {
                delete.add(pod.getMetadata().getName());
            }
        }
    }

    /** Upstream keeps a running daemon pod despite new NoSchedule taints; only untolerated NoExecute evicts it. */
    private static boolean shouldContinueRunning(PodSpec spec, Node node) {
        if (!NodeEligibility.matchesNodeSelector(spec.getNodeSelector(), node) || !NodeEligibility.matchesRequiredAffinity(spec, node)) {
            return false;
        }
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<Taint> noExecute = taints.stream().filter(t -> "NoExecute".equals(t.getEffect())).toList();
        return noExecute.stream().allMatch(t -> spec.getTolerations().stream().anyMatch(tol -> NodeEligibility.tolerates(tol, t)));
    }

    /** Upstream's {@code updateDaemonSetStatus}. */
    static DaemonSetStatus status(DaemonSet ds, List<Node> nodes, PodSpec spec, Map<String, List<Pod>> byNode, String hash,
                                  Instant now) {
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        for (Node node : nodes) {
            NodePods onNode = NodePods.of(node.getMetadata().getName(), byNode.getOrDefault(node.getMetadata().getName(), List.of()));
            boolean scheduled = !onNode.pods().isEmpty();
            if (!NodeEligibility.shouldRun(spec, node)) {
                misscheduled += scheduled ? 1 : 0;
                continue;
            }
            desired++;
            if (!scheduled) {
                continue;
            }
            current++;
            Pod oldest = onNode.pods().get(0);
            if (PodState.isReady(oldest)) {
                ready++;
                if (PodState.isAvailable(oldest, minReady, now)) {
                    available++;
                }
            }
            if (NodePods.updated(oldest, hash)) {
                updated++;
            }
        }
        var old = ds.getStatus();
        return new DaemonSetStatusBuilder()
                .withObservedGeneration(ds.getMetadata().getGeneration())
                .withDesiredNumberScheduled(desired).withCurrentNumberScheduled(current).withNumberMisscheduled(misscheduled)
                .withNumberReady(ready).withNumberAvailable(available).withUpdatedNumberScheduled(updated)
                .withNumberUnavailable(desired - available)
                .withCollisionCount(old == null ? null : old.getCollisionCount())
                .withConditions(old == null ? null : old.getConditions())
                .build();
    }
}
