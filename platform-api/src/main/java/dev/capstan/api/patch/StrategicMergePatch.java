package dev.capstan.api.patch;

import dev.capstan.api.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategic merge patch as upstream's apiserver applies it ({@code strategicpatch.StrategicMergeMapPatch}): maps
 * merge recursively, null deletes, lists follow the schema's merge key and strategy (see {@link StrategicListMerge}),
 * and the directives {@code $patch}, {@code $retainKeys}, {@code $deleteFromPrimitiveList/<field>} and
 * {@code $setElementOrder/<field>} are honoured.
 *
 * <p>One deliberate difference: where upstream copies a value that has no counterpart in the original verbatim
 * (directives and nulls included, which its typed decoding then drops), this class merges it into an empty value,
 * so no directive or null leaks into the stored JSON.
 */
final class StrategicMergePatch {

    static final String DIRECTIVE = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String DELETE_PREFIX = "$deleteFromPrimitiveList";
    static final String ORDER_PREFIX = "$setElementOrder";

    private final PatchSchema schema;
    private final StrategicListMerge lists;

    StrategicMergePatch(PatchSchema schema) {
        this.schema = schema;
        this.lists = new StrategicListMerge(this, schema);
    }

    /** Merges {@code patch} into {@code original}; both are modified and the result may share their nodes. */
    ObjectNode mergeMap(ObjectNode original, ObjectNode patch, List<String> path) {
        JsonNode directive = patch.get(DIRECTIVE);
        if (directive != null) {
            return mapDirective(directive, patch);
        }
        applyRetainKeys(original, patch);
        lists.applyElementOrders(original, patch, path);
        for (Map.Entry<String, JsonNode> entry : new ArrayList<>(patch.properties())) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.startsWith(DELETE_PREFIX)) {
                deleteFromPrimitiveList(original, extractKey(key, DELETE_PREFIX), value);
                continue;
            }
            if (value.isNull()) {
                original.remove(key);
                continue;
            }
            List<String> child = append(path, key);
            JsonNode current = original.get(key);
            if (current == null || current.getNodeType() != value.getNodeType() || !current.isContainer()) {
                original.set(key, fresh(value, child));
            } else if (current.isObject()) {
                original.set(key, schema.replacesMap(child) ? value
                        : mergeMap((ObjectNode) current, (ObjectNode) value, child));
            } else {
                Optional<ListStrategy> strategy = schema.listStrategy(child).filter(ListStrategy::merge);
                original.set(key, strategy.isPresent()
                        ? lists.merge((ArrayNode) current, (ArrayNode) value, strategy.get().mergeKey(), child)
                        : value);
            }
        }
        return original;
    }

    /** A patch value with nothing to merge into: merged into an empty value so its directives take effect. */
    JsonNode fresh(JsonNode value, List<String> path) {
        if (value.isObject() && !schema.replacesMap(path)) {
            return mergeMap(Json.object(), (ObjectNode) value, path);
        }
        if (value.isArray()) {
            Optional<ListStrategy> strategy = schema.listStrategy(path).filter(ListStrategy::merge);
            if (strategy.isPresent()) {
                return lists.merge(Json.array(), (ArrayNode) value, strategy.get().mergeKey(), path);
            }
        }
        return value;
    }

    private static ObjectNode mapDirective(JsonNode directive, ObjectNode patch) {
        if (directive.isString() && directive.stringValue().equals("replace")) {
            // upstream uses the rest of the map as it is, without looking further into it
            patch.remove(DIRECTIVE);
            return patch;
        }
        if (directive.isString() && directive.stringValue().equals("delete")) {
            return Json.object(); // an emptied map, not a removed field, as upstream
        }
        throw unknownDirective(directive, patch);
    }

    static PatchException unknownDirective(JsonNode directive, JsonNode map) {
        return PatchException.internal("unknown patch type: " + directive.asString() + " in map: "
                + JsonValues.brief(map));
    }

    /** {@code $retainKeys}: the listed fields are the only ones kept, and the patch may only set those. */
    private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw PatchException.badRequest("invalid patch format of retainKeys");
        }
        Set<String> retained = new HashSet<>();
        for (JsonNode key : retain) {
            if (key.isString()) {
                retained.add(key.stringValue());
            }
        }
        for (Map.Entry<String, JsonNode> entry : patch.properties()) {
            String key = entry.getKey();
            if (entry.getValue().isNull() || key.startsWith(DELETE_PREFIX) || key.startsWith(ORDER_PREFIX)) {
                continue;
            }
            if (!retained.contains(key)) {
                throw PatchException.badRequest("invalid patch format of retainKeys");
            }
        }
        original.retain(retained);
    }

    /** {@code $deleteFromPrimitiveList/<field>}: removes the listed values from a list of primitives. */
    private static void deleteFromPrimitiveList(ObjectNode original, String field, JsonNode toDelete) {
        if (toDelete.isNull()) {
            original.remove(field);
            return;
        }
        if (!toDelete.isArray()) {
            throw PatchException.badRequest("invalid patch format of primitive list");
        }
        JsonNode current = original.get(field);
        if (current == null || !current.isArray()) {
            return; // nothing to delete from (upstream would store the deletion list itself here)
        }
        ArrayNode kept = Json.array();
        for (JsonNode element : current) {
            boolean deleted = false;
            for (JsonNode candidate : toDelete) {
                deleted |= JsonValues.same(element, candidate);
            }
            if (!deleted) {
                kept.add(element);
            }
        }
        original.set(field, kept);
    }

    /** The field a {@code prefix/field} directive key names. */
    static String extractKey(String key, String prefix) {
        int slash = key.indexOf('/');
        if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
            throw PatchException.badRequest(prefix.equals(DELETE_PREFIX) ? "invalid patch format of primitive list"
                    : "invalid patch format of setElementOrder list");
        }
        return key.substring(slash + 1);
    }

    static List<String> append(List<String> path, String field) {
        List<String> child = new ArrayList<>(path.size() + 1);
        child.addAll(path);
        child.add(field);
        return List.copyOf(child);
    }
}
