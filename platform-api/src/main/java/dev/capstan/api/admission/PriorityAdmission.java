package dev.capstan.api.admission;

import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's Priority plugin: a new pod's {@code priorityClassName} (or the globalDefault PriorityClass when it
 * names none) becomes {@code spec.priority} and {@code spec.preemptionPolicy}; a class that does not exist, or a
 * priority the pod sets itself that differs, is refused (403). Only one PriorityClass may be the global default.
 */
public final class PriorityAdmission implements MutatingAdmission, ValidatingAdmission {

    public static final String NAME = "Priority";
    /** Upstream's built-in classes (created by the API server at start; also known here if absent). */
    static final Map<String, Integer> SYSTEM_CLASSES = Map.of("system-node-critical", 2000001000,
            "system-cluster-critical", 2000000000);
    private static final String PREEMPT_LOWER = "PreemptLowerPriority";

    private final ClusterReader reader;

    public PriorityAdmission(ClusterReader reader) {
        this.reader = reader;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return AdmissionOrder.PRIORITY;
    }

    @Override
    public void admit(AdmissionAttributes a) {
        if (a.operation() != Operation.CREATE || !a.isCore("pods")) {
            return;
        }
        ObjectNode spec = PodSpecs.spec(a.object());
        String className = spec.path("priorityClassName").asString("");
        int priority;
        String policy = PREEMPT_LOWER;
        if (className.isEmpty()) {
            Optional<ObjectNode> global = globalDefault();
            priority = global.map(pc -> pc.path("value").asInt(0)).orElse(0);
            if (global.isPresent()) {
                spec.put("priorityClassName", global.get().path("metadata").path("name").asString());
                policy = global.get().path("preemptionPolicy").asString(PREEMPT_LOWER);
            }
        } else {
            Optional<ObjectNode> pc = reader.get("scheduling.k8s.io", "priorityclasses", null, className);
            if (pc.isPresent()) {
                priority = pc.get().path("value").asInt(0);
                policy = pc.get().path("preemptionPolicy").asString(PREEMPT_LOWER);
            } else if (SYSTEM_CLASSES.containsKey(className)) {
                priority = SYSTEM_CLASSES.get(className);
            } else {
                throw AdmissionErrors.forbidden(a, "no PriorityClass with name " + className + " was found");
            }
        }
        JsonNode given = spec.get("priority");
        if (given != null && !given.isNull() && given.asInt() != priority) {
            throw AdmissionErrors.forbidden(a, "the integer value of priority (" + given.asInt()
                    + ") must not be provided in pod spec; priority admission controller computed " + priority
                    + " from the given PriorityClass name");
        }
        spec.put("priority", priority);
        JsonNode givenPolicy = spec.get("preemptionPolicy");
        if (givenPolicy != null && !givenPolicy.isNull() && !givenPolicy.asString().equals(policy)) {
            throw AdmissionErrors.forbidden(a, "the string value of PreemptionPolicy (" + givenPolicy.asString()
                    + ") must not be provided in pod spec; priority admission controller computed " + policy
                    + " from the given PriorityClass name");
        }
        spec.put("preemptionPolicy", policy);
    }

    /** Only one globalDefault class (upstream validates PriorityClass creates and updates here). */
    @Override
    public void validate(AdmissionAttributes a) {
        if (a.operation() == Operation.DELETE || !a.group().equals("scheduling.k8s.io")
                || !a.resource().equals("priorityclasses") || !a.object().path("globalDefault").asBoolean(false)) {
            return;
        }
        Optional<ObjectNode> existing = globalDefault();
        if (existing.isPresent() && !existing.get().path("metadata").path("name").asString().equals(a.name())) {
            throw AdmissionErrors.forbidden(a, "PriorityClass " + existing.get().path("metadata").path("name").asString()
                    + " is marked as default. Only one default can exist");
        }
    }

    private Optional<ObjectNode> globalDefault() {
        // upstream picks the lowest value when several are marked (a race between creates)
        return reader.list("scheduling.k8s.io", "priorityclasses", null).stream()
                .filter(pc -> pc.path("globalDefault").asBoolean(false))
                .min((x, y) -> Integer.compare(x.path("value").asInt(), y.path("value").asInt()));
    }
}
