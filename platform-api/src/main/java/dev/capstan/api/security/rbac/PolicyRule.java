package dev.capstan.api.security.rbac;

import dev.capstan.api.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One rule of a Role or ClusterRole (rbac/v1 PolicyRule): verbs on resources of API groups, optionally only the
 * named objects; or verbs on non-resource URLs.
 */
public record PolicyRule(List<String> verbs, List<String> apiGroups, List<String> resources,
                         List<String> resourceNames, List<String> nonResourceURLs) {

    public static final String ALL = "*";

    public PolicyRule {
        verbs = verbs == null ? List.of() : List.copyOf(verbs);
        apiGroups = apiGroups == null ? List.of() : List.copyOf(apiGroups);
        resources = resources == null ? List.of() : List.copyOf(resources);
        resourceNames = resourceNames == null ? List.of() : List.copyOf(resourceNames);
        nonResourceURLs = nonResourceURLs == null ? List.of() : List.copyOf(nonResourceURLs);
    }

    public static PolicyRule resource(List<String> verbs, List<String> apiGroups, List<String> resources) {
        return new PolicyRule(verbs, apiGroups, resources, List.of(), List.of());
    }

    public static PolicyRule nonResource(List<String> verbs, List<String> urls) {
        return new PolicyRule(verbs, List.of(), List.of(), List.of(), urls);
    }

    /** The rules of a role object's {@code rules} array (absent or null: none). */
    public static List<PolicyRule> listOf(JsonNode role) {
        List<PolicyRule> rules = new ArrayList<>();
        JsonNode array = role == null ? null : role.get("rules");
        if (array != null && array.isArray()) {
            for (JsonNode rule : array) {
                rules.add(fromJson(rule));
            }
        }
        return rules;
    }

    public static PolicyRule fromJson(JsonNode rule) {
        return new PolicyRule(strings(rule.get("verbs")), strings(rule.get("apiGroups")), strings(rule.get("resources")),
                strings(rule.get("resourceNames")), strings(rule.get("nonResourceURLs")));
    }

    public ObjectNode toJson() {
        ObjectNode rule = Json.object();
        put(rule, "verbs", verbs, true);
        put(rule, "apiGroups", apiGroups, false);
        put(rule, "resources", resources, false);
        put(rule, "resourceNames", resourceNames, false);
        put(rule, "nonResourceURLs", nonResourceURLs, false);
        return rule;
    }

    /** Upstream's {@code CompactString}: {APIGroups:["apps"], Resources:["deployments"], Verbs:["create"]}. */
    public String compactString() {
        List<String> parts = new ArrayList<>();
        if (!apiGroups.isEmpty()) {
            parts.add("APIGroups:" + quoted(apiGroups));
        }
        if (!resources.isEmpty()) {
            parts.add("Resources:" + quoted(resources));
        }
        if (!nonResourceURLs.isEmpty()) {
            parts.add("NonResourceURLs:" + quoted(nonResourceURLs));
        }
        if (!resourceNames.isEmpty()) {
            parts.add("ResourceNames:" + quoted(resourceNames));
        }
        if (!verbs.isEmpty()) {
            parts.add("Verbs:" + quoted(verbs));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /** Go's {@code %q} of a string slice: ["a" "b"]. */
    static String quoted(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append(']').toString();
    }

    private static void put(ObjectNode rule, String field, List<String> values, boolean always) {
        if (values.isEmpty() && !always) {
            return;
        }
        ArrayNode array = rule.putArray(field);
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode value : array) {
                values.add(value.asString());
            }
        }
        return values;
    }
}
