package dev.capstan.api.patch;

import java.util.ArrayList;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Merge Patch (RFC 7386) as upstream applies it (evanphx/json-patch v4 {@code MergePatch}): null deletes,
 * objects merge recursively, everything else, arrays included, replaces. Values that replace have their nulls
 * pruned, including inside objects nested in arrays, as upstream does.
 */
final class MergePatch {

    private MergePatch() {
    }

    /** Applies the patch to {@code target}, which it modifies; {@code patch} nodes may be moved into the result. */
    static ObjectNode apply(ObjectNode target, JsonNode patch) {
        if (patch.isArray()) {
            // Upstream's merge makes the array the whole document, which then fails to decode as the object.
            pruneNulls(patch);
            throw PatchException.invalid("\"\" is invalid: patch: Invalid value: \"" + JsonValues.brief(patch)
                    + "\": the patched document is an array, not an object");
        }
        if (!patch.isObject()) {
            throw PatchException.badRequest("Invalid JSON Patch");
        }
        merge(target, (ObjectNode) patch);
        return target;
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> entry : new ArrayList<>(patch.properties())) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            JsonNode current = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (current != null && current.isObject() && value.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value);
            } else if (current != null && current.isObject()) {
                // evanphx returns a non-object patch value unpruned when it replaces an object
                target.set(key, value);
            } else {
                target.set(key, pruneNulls(value));
            }
        }
    }

    private static JsonNode pruneNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Map.Entry<String, JsonNode> entry : new ArrayList<>(object.properties())) {
                if (entry.getValue().isNull()) {
                    object.remove(entry.getKey());
                } else {
                    pruneNulls(entry.getValue());
                }
            }
        } else if (node.isArray()) {
            // null elements of an array stay; only objects inside lose their null members
            for (JsonNode element : (ArrayNode) node) {
                pruneNulls(element);
            }
        }
        return node;
    }
}
