package dev.capstan.api.builtin;

import dev.capstan.api.ResourceStrategy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secrets: {@code type} defaults to Opaque and cannot change. {@code stringData} is write-only, as upstream's
 * conversion to the internal type makes it: its entries are merged into {@code data} (base64, replacing a
 * {@code data} entry of the same key) and it is never stored or returned. Charts (Helm) and manifests write
 * Secrets this way.
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

    private static void mergeStringData(ObjectNode secret) {
        JsonNode stringData = secret.remove("stringData");
        if (stringData == null || !stringData.isObject() || stringData.isEmpty()) {
            return;
        }
        ObjectNode data = secret.get("data") instanceof ObjectNode existing ? existing : secret.putObject("data");
        for (Map.Entry<String, JsonNode> entry : stringData.properties()) {
            String value = entry.getValue().isNull() ? "" : entry.getValue().asString();
            data.put(entry.getKey(), Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
