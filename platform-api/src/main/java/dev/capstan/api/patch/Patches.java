package dev.capstan.api.patch;

import dev.capstan.api.json.Json;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies the three patch types of the Kubernetes API to JSON objects: JSON Patch (RFC 6902), JSON Merge Patch
 * (RFC 7386) and strategic merge patch, each with the behaviour and the HTTP codes of upstream's apiserver (see
 * {@link PatchException}).
 */
public final class Patches {

    private Patches() {
    }

    /**
     * Applies a patch to a copy of {@code original}; never modifies its arguments.
     *
     * @param type      the patch type, from the request's Content-Type
     * @param original  the current object
     * @param patchBody the raw request body
     * @param schema    list merge keys and strategies for a strategic merge patch; ignored by the other two types,
     *                  null means {@link PatchSchema#none()}
     * @return the patched object, sharing no nodes with {@code original}
     * @throws PatchException when the body is not a valid patch (400), has too many operations (413) or cannot be
     *                        applied (422, or 500 where upstream answers 500)
     */
    public static ObjectNode apply(PatchType type, ObjectNode original, byte[] patchBody, PatchSchema schema) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(original, "original");
        JsonNode patch = parse(patchBody);
        ObjectNode target = original.deepCopy();
        return switch (type) {
            case JSON -> JsonPatch.apply(target, patch);
            case MERGE -> MergePatch.apply(target, patch);
            case STRATEGIC -> strategic(target, patch, schema == null ? PatchSchema.none() : schema);
        };
    }

    private static ObjectNode strategic(ObjectNode target, JsonNode patch, PatchSchema schema) {
        if (patch.isNull()) {
            return target; // upstream decodes a JSON null into an empty patch map
        }
        if (!patch.isObject()) {
            throw PatchException.badRequest("json: cannot unmarshal " + (patch.isArray() ? "array" : "value")
                    + " into Go value of type map[string]interface {}");
        }
        JsonNode result = new StrategicMergePatch(schema).mergeMap(target, (ObjectNode) patch, List.of());
        return (ObjectNode) result;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw PatchException.badRequest("the patch body is empty");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (JacksonException e) {
            throw PatchException.badRequest("the patch body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw PatchException.badRequest("the patch body is empty");
        }
        return node;
    }
}
