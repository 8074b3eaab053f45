package dev.capstan.api.builtin;

import dev.capstan.api.ResourceStrategy;
import dev.capstan.api.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods: defaults, created Pending, an immutable spec except the fields upstream lets change, and graceful
 * deletion once bound to a node (the node agent then confirms the delete).
 */
final class PodStrategy implements ResourceStrategy {

    private static final long DEFAULT_GRACE_SECONDS = 30;

    @Override
    public void prepareForCreate(ObjectNode pod) {
        ObjectNode spec = pod.has("spec") && pod.get("spec").isObject() ? (ObjectNode) pod.get("spec") : pod.putObject("spec");
        PodSpecDefaults.apply(spec);
        if (!spec.has("enableServiceLinks")) {
            spec.put("enableServiceLinks", true);
        }
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", qosClass(spec));
    }

    @Override
    public void prepareForUpdate(ObjectNode pod, ObjectNode old) {
        JsonNode spec = pod.get("spec");
        if (spec != null && spec.isObject()) {
            PodSpecDefaults.apply((ObjectNode) spec);
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode pod) {
        List<FieldError> errors = new ArrayList<>();
        PodSpecDefaults.validate(pod.path("spec"), "spec", errors);
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode pod, ObjectNode old) {
        List<FieldError> errors = validate(pod);
        if (errors.isEmpty() && !mutableFieldsOnly(pod.path("spec"), old.path("spec"))) {
            errors.add(FieldError.forbidden("spec",
                    "pod updates may not change fields other than `spec.containers[*].image`,"
                            + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
                            + "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
                            + "(allow it to be set to 1 if it was previously negative)"));
        }
        return errors;
    }

    /** Compares the specs with the fields upstream allows to change blanked out. */
    private static boolean mutableFieldsOnly(JsonNode spec, JsonNode oldSpec) {
        return blankMutable(spec).equals(blankMutable(oldSpec));
    }

    private static JsonNode blankMutable(JsonNode spec) {
        if (!spec.isObject()) {
            return spec;
        }
        ObjectNode copy = ((ObjectNode) spec).deepCopy();
        copy.remove(List.of("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds"));
        // binding sets nodeName once; the binding subresource is the only way, and it writes through the store
        copy.remove("nodeName");
        for (String list : List.of("containers", "initContainers")) {
            JsonNode containers = copy.path(list);
            if (containers.isArray()) {
                containers.forEach(c -> {
                    if (c.isObject()) {
                        ((ObjectNode) c).remove("image");
                    }
                });
            }
        }
        return copy;
    }

    @Override
    public long gracePeriodSeconds(ObjectNode pod, Long requested) {
        String phase = pod.path("status").path("phase").asString("");
        boolean bound = !pod.path("spec").path("nodeName").asString("").isEmpty();
        if (!bound || phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0;
        }
        if (requested != null) {
            return Math.max(0, requested);
        }
        JsonNode configured = pod.path("spec").path("terminationGracePeriodSeconds");
        return configured.isNumber() ? Math.max(0, configured.asLong()) : DEFAULT_GRACE_SECONDS;
    }

    /** BestEffort when no container sets requests or limits; Burstable otherwise (Guaranteed needs the quantities compared). */
    private static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean allGuaranteed = true;
        for (JsonNode c : spec.path("containers")) {
            JsonNode requests = c.path("resources").path("requests");
            JsonNode limits = c.path("resources").path("limits");
            if (!requests.isEmpty() || !limits.isEmpty()) {
                any = true;
            }
            boolean guaranteed = limits.has("cpu") && limits.has("memory")
                    && (requests.isEmpty() || (requests.path("cpu").equals(limits.path("cpu"))
                            && requests.path("memory").equals(limits.path("memory"))));
            allGuaranteed &= guaranteed;
        }
        return !any ? "BestEffort" : allGuaranteed ? "Guaranteed" : "Burstable";
    }
}
