package dev.capstan.api.json;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiErrors;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a request body against its kind, as upstream's decoder does: apiVersion and kind must be the URL's
 * (or absent), field types must fit the schema, and fields the schema does not know are found, so the caller
 * can refuse them (Strict), warn about them (Warn) or just drop them (Ignore). The schema is the Fabric8 model
 * class of the kind: decoding into it fails on a type mismatch, and its catch-all {@code additionalProperties}
 * maps collect the unknown fields.
 */
public final class BodyDecoder {

    private BodyDecoder() {
    }

    /** Fills in apiVersion and kind when absent; 400 when they name another kind. */
    public static void checkKind(ResourceDefinition def, ObjectNode body) {
        String apiVersion = Json.text(body, "apiVersion");
        String kind = Json.text(body, "kind");
        if (kind != null && !kind.isEmpty() && !kind.equals(def.kind())) {
            throw ApiErrors.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
                    + def.kind() + ")");
        }
        if (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals(def.apiVersion())) {
            throw ApiErrors.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + def.apiVersion() + ")");
        }
        body.put("apiVersion", def.apiVersion());
        body.put("kind", def.kind());
    }

    /**
     * The paths of the fields the kind's schema does not declare, like "spec.foo" or "spec.containers[0].bar".
     *
     * @throws dev.capstan.api.errors.ApiException 400 when a field has the wrong type
     */
    public static List<String> unknownFields(ResourceDefinition def, ObjectNode body) {
        Object typed;
        try {
            typed = Json.MAPPER.treeToValue(body, def.javaType());
        } catch (JacksonException e) {
            throw ApiErrors.badRequest(def.kind() + " in version \"" + def.version() + "\" cannot be handled as a "
                    + def.kind() + ": " + e.getOriginalMessage());
        }
        List<String> unknown = new ArrayList<>();
        walk(typed, "", unknown, 0);
        return unknown;
    }

    /** Removes the fields at the given paths (the Ignore and Warn modes store the object without them). */
    public static void prune(ObjectNode body, List<String> paths) {
        for (String path : paths) {
            JsonNode parent = body;
            String[] steps = path.split("\\.");
            for (int i = 0; i < steps.length - 1 && parent != null; i++) {
                parent = step(parent, steps[i]);
            }
            if (parent instanceof ObjectNode object) {
                object.remove(steps[steps.length - 1]);
            }
        }
    }

    private static JsonNode step(JsonNode node, String step) {
        int bracket = step.indexOf('[');
        if (bracket < 0) {
            return node.get(step);
        }
        JsonNode list = node.get(step.substring(0, bracket));
        int index = Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
        return list == null ? null : list.get(index);
    }

    private static void walk(Object value, String path, List<String> unknown, int depth) {
        if (value == null || depth > 64) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", unknown, depth + 1);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            // maps of model objects (e.g. status.capacity) have no unknown keys of their own
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (isModel(e.getValue())) {
                    walk(e.getValue(), join(path, String.valueOf(e.getKey())), unknown, depth + 1);
                }
            }
            return;
        }
        if (!isModel(value)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            try {
                Object child = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (child instanceof Map<?, ?> extra) {
                        extra.keySet().forEach(k -> unknown.add(join(path, String.valueOf(k))));
                    }
                } else if (isModel(child) || child instanceof Collection<?> || child instanceof Map<?, ?>) {
                    walk(child, join(path, jsonName(getter)), unknown, depth + 1);
                }
            } catch (ReflectiveOperationException e) {
                // a getter that cannot be called holds no field of the body
            }
        }
    }

    private static boolean isModel(Object value) {
        return value != null && value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")
                && !value.getClass().isEnum()
                && !value.getClass().getSimpleName().equals("IntOrString")
                && !value.getClass().getSimpleName().equals("Quantity");
    }

    private static String jsonName(Method getter) {
        String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
        try {
            var declared = findField(getter.getDeclaringClass(), field);
            if (declared != null) {
                var property = declared.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                if (property != null && !property.value().isEmpty()) {
                    return property.value();
                }
            }
        } catch (SecurityException e) {
            // fall back to the bean name
        }
        return field;
    }

    private static java.lang.reflect.Field findField(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        return null;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
