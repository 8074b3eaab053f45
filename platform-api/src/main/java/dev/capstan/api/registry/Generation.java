package dev.capstan.api.registry;

import dev.capstan.api.ResourceDefinition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code metadata.generation}: set to 1 on create and bumped on every change of the desired state, for the
 * kinds that have a {@code spec} (as upstream's strategies do). Everything except metadata and status counts
 * as desired state, so a ConfigMap-like kind without spec is not tracked.
 */
final class Generation {

    private static final Map<Class<?>, Boolean> HAS_SPEC = new ConcurrentHashMap<>();

    private Generation() {
    }

    static boolean tracked(ResourceDefinition def) {
        return HAS_SPEC.computeIfAbsent(def.javaType(), type -> {
            try {
                type.getMethod("getSpec");
                return true;
            } catch (NoSuchMethodException e) {
                return false;
            }
        });
    }

    static boolean specChanged(ObjectNode object, ObjectNode old) {
        return !desired(object).equals(desired(old));
    }

    private static JsonNode desired(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove(java.util.List.of("metadata", "status", "apiVersion", "kind"));
        return copy;
    }
}
