package dev.capstan.api.table;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES. STATUS is upstream's
 * summary (printPod): the phase or status reason, overridden by init-container progress ("Init:1/3",
 * "Init:CrashLoopBackOff"), then by a container's waiting or terminated reason, then Terminating while deleting.
 */
final class PodColumns implements KindPrinter {

    static final PodColumns INSTANCE = new PodColumns();

    private static final List<Column> COLUMNS = List.of(
            Column.nameColumn(),
            Column.of("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
            Column.of("Status", "string", "The aggregate status of the containers in this pod."),
            Column.of("Restarts", "string", "The number of times the containers in this pod have been restarted"
                    + " and when the last container in this pod has restarted."),
            Column.ageColumn(),
            Column.wide("IP", "string", "podIP address allocated to the pod."),
            Column.wide("Node", "string", "NodeName indicates in which node this pod is scheduled."),
            Column.wide("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other"
                    + " pods on the node, but it cannot be scheduled right away as preemption victims receive their"
                    + " graceful termination periods."),
            Column.wide("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod"
                    + " readiness."));

    /** The status reason the node lifecycle controller sets on pods of an unreachable node. */
    private static final String NODE_LOST = "NodeLost";

    private PodColumns() {
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public void writeConditions(JsonNode pod, ArrayNode conditions) {
        String phase = Fields.str(pod, "status", "phase");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            ObjectNode c = conditions.addObject();
            c.put("type", "Completed");
            c.put("status", "True");
            c.put("reason", phase);
            c.put("message", phase.equals("Succeeded") ? "The pod has completed successfully." : "The pod failed.");
        }
    }

    @Override
    public void writeCells(JsonNode pod, Instant now, ArrayNode cells) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        int total = Fields.count(spec, "containers");
        int ready = 0;
        long restarts = 0;
        long sidecarRestarts = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;

        String phase = Fields.str(status, "phase");
        String reason = Fields.str(status, "reason").isEmpty() ? phase : Fields.str(status, "reason");
        for (JsonNode condition : Fields.list(status, "conditions")) {
            if (Fields.str(condition, "type").equals("PodScheduled")
                    && Fields.str(condition, "reason").equals("SchedulingGated")) {
                reason = "SchedulingGated";
            }
        }

        // Sidecars (init containers with restartPolicy Always) count toward READY's total.
        Map<String, Boolean> sidecar = new HashMap<>();
        List<JsonNode> initContainers = Fields.list(spec, "initContainers");
        for (JsonNode c : initContainers) {
            boolean restartable = Fields.str(c, "restartPolicy").equals("Always");
            sidecar.put(Fields.str(c, "name"), restartable);
            if (restartable) {
                total++;
            }
        }

        boolean initializing = false;
        List<JsonNode> initStatuses = Fields.list(status, "initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode c = initStatuses.get(i);
            boolean isSidecar = sidecar.getOrDefault(Fields.str(c, "name"), false);
            restarts += Fields.num(c, "restartCount");
            Instant finished = Fields.time(c, "lastState", "terminated", "finishedAt");
            lastRestart = later(lastRestart, finished);
            if (isSidecar) {
                sidecarRestarts += Fields.num(c, "restartCount");
                lastSidecarRestart = later(lastSidecarRestart, finished);
            }
            JsonNode terminated = c.path("state").path("terminated");
            JsonNode waiting = c.path("state").path("waiting");
            if (terminated.isObject() && Fields.num(terminated, "exitCode") == 0) {
                continue;
            }
            if (isSidecar && c.path("started").asBoolean(false)) {
                if (c.path("ready").asBoolean(false)) {
                    ready++;
                }
                continue;
            }
            if (terminated.isObject()) {
                String why = Fields.str(terminated, "reason");
                if (!why.isEmpty()) {
                    reason = "Init:" + why;
                } else if (Fields.num(terminated, "signal") != 0) {
                    reason = "Init:Signal:" + Fields.num(terminated, "signal");
                } else {
                    reason = "Init:ExitCode:" + Fields.num(terminated, "exitCode");
                }
            } else if (waiting.isObject() && !Fields.str(waiting, "reason").isEmpty()
                    && !Fields.str(waiting, "reason").equals("PodInitializing")) {
                reason = "Init:" + Fields.str(waiting, "reason");
            } else {
                reason = "Init:" + i + "/" + initContainers.size();
            }
            initializing = true;
            break;
        }

        if (!initializing || conditionTrue(status, "Initialized")) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<JsonNode> statuses = Fields.list(status, "containerStatuses");
            // Upstream walks the statuses backwards, so the first container's reason wins.
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode c = statuses.get(i);
                restarts += Fields.num(c, "restartCount");
                lastRestart = later(lastRestart, Fields.time(c, "lastState", "terminated", "finishedAt"));
                JsonNode waiting = c.path("state").path("waiting");
                JsonNode terminated = c.path("state").path("terminated");
                if (waiting.isObject() && !Fields.str(waiting, "reason").isEmpty()) {
                    reason = Fields.str(waiting, "reason");
                } else if (terminated.isObject() && !Fields.str(terminated, "reason").isEmpty()) {
                    reason = Fields.str(terminated, "reason");
                } else if (terminated.isObject()) {
                    reason = Fields.num(terminated, "signal") != 0
                            ? "Signal:" + Fields.num(terminated, "signal")
                            : "ExitCode:" + Fields.num(terminated, "exitCode");
                } else if (c.path("ready").asBoolean(false) && c.path("state").path("running").isObject()) {
                    hasRunning = true;
                    ready++;
                }
            }
            if (reason.equals("Completed") && hasRunning) {
                reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
            }
        }

        if (Fields.deleting(pod) && Fields.str(status, "reason").equals(NODE_LOST)) {
            reason = "Unknown";
        } else if (Fields.deleting(pod) && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            reason = "Terminating";
        }

        String restartCell = Long.toString(restarts);
        if (restarts != 0 && lastRestart != null) {
            restartCell = restarts + " (" + Fields.since(lastRestart, now) + " ago)";
        }

        cells.add(Fields.name(pod));
        cells.add(ready + "/" + total);
        cells.add(reason);
        cells.add(restartCell);
        cells.add(Fields.age(pod, now));
        cells.add(orNone(podIp(status)));
        cells.add(orNone(Fields.str(spec, "nodeName")));
        cells.add(orNone(Fields.str(status, "nominatedNodeName")));
        cells.add(readinessGates(spec, status));
    }

    private static String podIp(JsonNode status) {
        List<JsonNode> ips = Fields.list(status, "podIPs");
        // podIPs[0] mirrors podIP; older writers may set only podIP.
        return ips.isEmpty() ? Fields.str(status, "podIP") : Fields.str(ips.get(0), "ip");
    }

    private static String readinessGates(JsonNode spec, JsonNode status) {
        List<JsonNode> gates = Fields.list(spec, "readinessGates");
        if (gates.isEmpty()) {
            return "<none>";
        }
        int satisfied = 0;
        for (JsonNode gate : gates) {
            String type = Fields.str(gate, "conditionType");
            for (JsonNode condition : Fields.list(status, "conditions")) {
                if (Fields.str(condition, "type").equals(type)) {
                    if (Fields.str(condition, "status").equals("True")) {
                        satisfied++;
                    }
                    break;
                }
            }
        }
        return satisfied + "/" + gates.size();
    }

    /** Upstream returns the first condition of the type (isPodInitializedConditionTrue) or any true one (Ready). */
    private static boolean conditionTrue(JsonNode status, String type) {
        for (JsonNode condition : Fields.list(status, "conditions")) {
            if (Fields.str(condition, "type").equals(type) && Fields.str(condition, "status").equals("True")) {
                return true;
            }
            if (type.equals("Initialized") && Fields.str(condition, "type").equals(type)) {
                return false;
            }
        }
        return false;
    }

    private static Instant later(Instant a, Instant b) {
        if (b == null) {
            return a;
        }
        return a == null || b.isAfter(a) ? b : a;
    }

    static String orNone(String s) {
        return s.isEmpty() ? "<none>" : s;
    }
}
