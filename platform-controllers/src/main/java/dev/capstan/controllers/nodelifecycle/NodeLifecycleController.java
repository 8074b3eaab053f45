package dev.capstan.controllers.nodelifecycle;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * Upstream's node lifecycle controller (monitorNodeHealth + taint-by-condition): a node whose kubelet has
 * not renewed its Lease (or posted a Ready heartbeat) within the grace period gets its kubelet conditions
 * set to {@code Unknown} ("Kubelet stopped posting node status."), and every node carries the condition
 * taints that match its readiness ({@code node.kubernetes.io/unreachable} or {@code not-ready}, NoSchedule
 * and NoExecute), removed again when it is Ready. Evicting pods from NoExecute-tainted nodes is
 * {@link TaintEvictionController}'s job.
 */
public final class NodeLifecycleController implements Controller {

    static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Lister<Node> nodes;
    private final Lister<Lease> leases;
    private final KubernetesClient client;
    private final EventRecorder events;
    private final Duration grace;
    private final Clock clock;

    public NodeLifecycleController(ControllerContext context, Duration grace, Clock clock) {
        this.nodes = context.lister(Node.class);
        this.leases = context.lister(Lease.class);
        this.client = context.client();
        this.events = context.events("node-controller");
        this.grace = grace;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "nodelifecycle";
    }

    @Override
    public int workers() {
        return 2;
    }

    @Override
    public void watch(Watches watches) {
        watches.self(Node.class);
        watches.mapped(Lease.class, lease -> LEASE_NAMESPACE.equals(lease.getMetadata().getNamespace())
                ? List.of(new ObjectKey("", lease.getMetadata().getName())) : List.of());
    }

    @Override
    public Result reconcile(ObjectKey key) {
        Node node = nodes.get(null, key.name());
        if (node == null) {
            return Result.done();
        }
        Instant now = clock.instant();
        Instant heard = NodeHealth.lastHeard(node, leases.get(LEASE_NAMESPACE, key.name()));
        Instant created = node.getMetadata().getCreationTimestamp() == null ? now
                : java.time.ZonedDateTime.parse(node.getMetadata().getCreationTimestamp()).toInstant();
        if (NodeHealth.overdue(heard, now, grace, created) && !"Unknown".equals(NodeHealth.readiness(node))) {
            markUnknown(node, now);
            events.normal(node, "NodeNotReady", "Node " + key.name() + " status is now: NodeNotReady");
            return Result.requeueAfter(Duration.ofSeconds(1)); // taints follow once the informer shows Unknown
        }
        List<Taint> desired = NodeHealth.desiredTaints(node, now);
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        if (!sameTaints(desired, current)) {
            patchTaints(node, desired);
        }
        // look again when the grace period would run out without a sign of life
        Instant since = heard != null ? heard : created;
        Duration untilOverdue = Duration.between(now, since.plus(grace)).plusMillis(100);
        return Result.requeueAfter(untilOverdue.isNegative() || untilOverdue.isZero() ? grace : untilOverdue);
    }

    private void markUnknown(Node node, Instant now) {
        List<Map<String, Object>> conditions = new ArrayList<>();
        for (String type : NodeHealth.KUBELET_CONDITIONS) {
            var existing = NodeHealth.condition(node, type);
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("type", type);
            condition.put("status", "Unknown");
            condition.put("reason", "NodeStatusUnknown");
            condition.put("message", "Kubelet stopped posting node status.");
            condition.put("lastHeartbeatTime", existing == null ? now.toString() : existing.getLastHeartbeatTime());
            condition.put("lastTransitionTime", now.toString());
            conditions.add(condition);
        }
        String patch = JSON.writeValueAsString(Map.of("status", Map.of("conditions", conditions)));
        // through resource(node): Fabric8 reads a named object before patching it, a get the role does not grant
        client.nodes().resource(node).subresource("status")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
    }

    private void patchTaints(Node node, List<Taint> taints) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Taint taint : taints) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", taint.getKey());
            if (taint.getValue() != null) {
                entry.put("value", taint.getValue());
            }
            entry.put("effect", taint.getEffect());
            if (taint.getTimeAdded() != null) {
                entry.put("timeAdded", taint.getTimeAdded());
            }
            list.add(entry);
        }
        // a merge patch replaces the whole list: the taints computed from the cached node plus our changes;
        // the resourceVersion precondition makes a concurrent change fail (and retry) instead of being lost
        String patch = JSON.writeValueAsString(Map.of("metadata", Map.of("resourceVersion", node.getMetadata().getResourceVersion()),
                "spec", Map.of("taints", list)));
        client.nodes().resource(node).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private static boolean sameTaints(List<Taint> a, List<Taint> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Taint x = a.get(i);
            Taint y = b.get(i);
            if (!Objects.equals(x.getKey(), y.getKey()) || !Objects.equals(x.getEffect(), y.getEffect())
                    || !Objects.equals(x.getValue(), y.getValue())) {
                return false;
            }
        }
        return true;
    }
}
