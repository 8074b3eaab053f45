package dev.capstan.api.builtin;

import dev.capstan.api.ResourceStrategy;
import dev.capstan.api.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deployments, ReplicaSets, StatefulSets, DaemonSets: upstream's apps/v1 defaults, a selector that must match
 * the template's labels, and an immutable selector.
 */
final class WorkloadStrategy implements ResourceStrategy {

    @Override
    public void prepareForCreate(ObjectNode object) {
        defaults(object);
        object.remove("status");
    }

    @Override
    public void prepareForUpdate(ObjectNode object, ObjectNode old) {
        defaults(object);
    }

    private static void defaults(ObjectNode object) {
        String kind = object.path("kind").asString("");
        JsonNode specNode = object.get("spec");
        if (specNode == null || !specNode.isObject()) {
            return;
        }
        ObjectNode spec = (ObjectNode) specNode;
        if (!kind.equals("DaemonSet") && !spec.has("replicas")) {
            spec.put("replicas", 1);
        }
        if (!spec.has("revisionHistoryLimit")) {
            spec.put("revisionHistoryLimit", 10);
        }
        switch (kind) {
            case "Deployment" -> {
                if (!spec.has("progressDeadlineSeconds")) {
                    spec.put("progressDeadlineSeconds", 600);
                }
                if (!spec.has("strategy")) {
                    ObjectNode strategy = spec.putObject("strategy");
                    strategy.put("type", "RollingUpdate");
                    ObjectNode rolling = strategy.putObject("rollingUpdate");
                    rolling.put("maxUnavailable", "25%");
                    rolling.put("maxSurge", "25%");
                }
            }
            case "StatefulSet" -> {
                PodSpecDefaults.putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
                if (!spec.has("updateStrategy")) {
                    ObjectNode strategy = spec.putObject("updateStrategy");
                    strategy.put("type", "RollingUpdate");
                    strategy.putObject("rollingUpdate").put("partition", 0);
                }
            }
            case "DaemonSet" -> {
                if (!spec.has("updateStrategy")) {
                    ObjectNode strategy = spec.putObject("updateStrategy");
                    strategy.put("type", "RollingUpdate");
                    ObjectNode rolling = strategy.putObject("rollingUpdate");
                    rolling.put("maxUnavailable", 1);
                    rolling.put("maxSurge", 0);
                }
            }
            default -> { }
        }
        JsonNode templateSpec = spec.path("template").path("spec");
        if (templateSpec.isObject()) {
            PodSpecDefaults.apply((ObjectNode) templateSpec);
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode object) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode spec = object.path("spec");
        JsonNode selector = spec.path("selector");
        if (!selector.isObject() || (selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty())) {
            errors.add(FieldError.required("spec.selector", ""));
        } else if (!selectsTemplate(selector, spec.path("template").path("metadata").path("labels"))) {
            errors.add(FieldError.invalid("spec.template.metadata.labels", spec.path("template").path("metadata").path("labels"),
                    "`selector` does not match template `labels`"));
        }
        if (spec.path("replicas").isNumber() && spec.path("replicas").asInt() < 0) {
            errors.add(FieldError.invalid("spec.replicas", spec.path("replicas").asInt(), "must be greater than or equal to 0"));
        }
        PodSpecDefaults.validate(spec.path("template").path("spec"), "spec.template.spec", errors);
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
        List<FieldError> errors = validate(object);
        JsonNode selector = object.path("spec").path("selector");
        if (!selector.equals(old.path("spec").path("selector"))) {
            errors.add(FieldError.invalid("spec.selector", selector, "field is immutable"));
        }
        return errors;
    }

    /** matchLabels must all be on the template (matchExpressions are checked by the selector package later). */
    private static boolean selectsTemplate(JsonNode selector, JsonNode labels) {
        for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
            if (!labels.path(e.getKey()).asString("\u0000").equals(e.getValue().asString())) {
                return false;
            }
        }
        return true;
    }
}
