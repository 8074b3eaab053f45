package dev.capstan.api.builtin;

import dev.capstan.api.ResourceStrategy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secrets: {@code type} defaults to Opaque and cannot change; {@code stringData} is write-only, as upstream: its
 * entries are merged into {@code data} (base64, overriding the same keys) and it is never stored.
 */
final class SecretStrategy implements ResourceStrategy {

    @Override
    public void prepareForCreate(ObjectNode object) {
        if (!object.hasNonNull("type") || object.get("type").asString().isEmpty()) {
            object.put("type", "Opaque");
        }
        mergeStringData(object);
    }

    @Override
    public void prepareForUpdate(ObjectNode object, ObjectNode old) {
        if (!object.hasNonNull("type") && old.has("type")) {
            object.set("type", old.get("type"));
        }
        mergeStringData(object);
    }

    static void mergeStringData(ObjectNode secret) {
        JsonNode plain = secret.remove("stringData");
        if (plain == null || !plain.isObject() || plain.isEmpty()) {
            return;
        }
        ObjectNode data = secret.get("data") instanceof ObjectNode d ? d : secret.putObject("data");
        for (Map.Entry<String, JsonNode> entry : plain.properties()) {
            data.put(entry.getKey(), Base64.getEncoder().encodeToString(
                    entry.getValue().asString("").getBytes(StandardCharsets.UTF_8)));
        }
    }
}
