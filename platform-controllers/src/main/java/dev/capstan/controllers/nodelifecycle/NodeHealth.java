package dev.capstan.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The node lifecycle controller's decisions, pure: when a node's kubelet was last heard from (its Lease in
 * {@code kube-node-lease} or its Ready condition's heartbeat), whether it is overdue, and which of
 * upstream's condition taints it should carry.
 */
final class NodeHealth {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    /** Conditions set to Unknown when the kubelet stops posting, as upstream's monitorNodeHealth. */
    static final List<String> KUBELET_CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

    private NodeHealth() {
    }

    /** The last sign of life: the later of the Lease renewal and the Ready heartbeat; null when none. */
    static Instant lastHeard(Node node, Lease lease) {
        Instant heard = null;
        if (lease != null && lease.getSpec() != null && lease.getSpec().getRenewTime() != null) {
            heard = lease.getSpec().getRenewTime().toInstant();
        }
        NodeCondition ready = condition(node, "Ready");
        if (ready != null && ready.getLastHeartbeatTime() != null) {
            Instant heartbeat = ZonedDateTime.parse(ready.getLastHeartbeatTime()).toInstant();
            heard = heard == null || heartbeat.isAfter(heard) ? heartbeat : heard;
        }
        return heard;
    }

    /** Whether the kubelet is overdue: not heard of for longer than the grace period. */
    static boolean overdue(Instant lastHeard, Instant now, Duration grace, Instant created) {
        Instant since = lastHeard != null ? lastHeard : created;
        return since != null && Duration.between(since, now).compareTo(grace) > 0;
    }

    /** The Ready condition's status: True, False, Unknown (Unknown when absent). */
    static String readiness(Node node) {
        NodeCondition ready = condition(node, "Ready");
        return ready == null || ready.getStatus() == null ? "Unknown" : ready.getStatus();
    }

    /**
     * The node's taints with upstream's condition taints made right for its readiness: not-ready (False)
     * or unreachable (Unknown), each as NoSchedule and NoExecute (timeAdded now when added); none when
     * Ready. Other taints are kept as they are.
     */
    static List<Taint> desiredTaints(Node node, Instant now) {
        String readiness = readiness(node);
        String wanted = switch (readiness) {
            case "True" -> null;
            case "False" -> NOT_READY;
            default -> UNREACHABLE;
        };
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<Taint> result = new ArrayList<>();
        for (Taint taint : current) {
            boolean conditionTaint = NOT_READY.equals(taint.getKey()) || UNREACHABLE.equals(taint.getKey());
            if (!conditionTaint || taint.getKey().equals(wanted)) {
                result.add(taint);
            }
        }
        if (wanted != null) {
            for (String effect : List.of("NoSchedule", "NoExecute")) {
                boolean present = result.stream().anyMatch(t -> wanted.equals(t.getKey()) && effect.equals(t.getEffect()));
                if (!present) {
                    Taint taint = new Taint(effect, wanted, "NoExecute".equals(effect) ? now.toString() : null, null);
                    result.add(taint);
                }
            }
        }
        return result;
    }

    static NodeCondition condition(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
