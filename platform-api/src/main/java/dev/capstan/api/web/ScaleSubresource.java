package dev.capstan.api.web;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.json.Json;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code scale} subresource: an autoscaling/v1 Scale view of a workload's replicas. Reading builds the
 * Scale from the object; writing copies {@code spec.replicas} back.
 */
final class ScaleSubresource {

    private ScaleSubresource() {
    }

    static ObjectNode toScale(ResourceDefinition def, ObjectNode object) {
        ObjectNode scale = Json.object();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode metadata = scale.putObject("metadata");
        for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (object.path("metadata").has(field)) {
                metadata.set(field, object.path("metadata").get(field));
            }
        }
        scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.path("status").path("replicas").asInt(0));
        String selector = selectorString(object.path("spec").path("selector"));
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return scale;
    }

    /** Applies a Scale's spec.replicas to the object; the Scale's resourceVersion, if any, must match. */
    static ObjectNode applyScale(ResourceDefinition def, ObjectNode object, JsonNode scale) {
        JsonNode replicas = scale.path("spec").path("replicas");
        if (!replicas.isIntegralNumber() || replicas.asInt() < 0) {
            throw ApiErrors.badRequest("Scale.spec.replicas must be a non-negative integer");
        }
        ObjectNode spec = object.get("spec") instanceof ObjectNode s ? s : object.putObject("spec");
        spec.put("replicas", replicas.asInt());
        return object;
    }

    /** A label selector object as the string form a Scale's status carries (matchLabels only; ReplicationControllers use a map). */
    private static String selectorString(JsonNode selector) {
        JsonNode labels = selector.has("matchLabels") ? selector.get("matchLabels") : selector;
        if (!labels.isObject()) {
            return "";
        }
        Map<String, String> map = new java.util.TreeMap<>();
        labels.properties().forEach(e -> {
            if (e.getValue().isString()) {
                map.put(e.getKey(), e.getValue().asString());
            }
        });
        return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
