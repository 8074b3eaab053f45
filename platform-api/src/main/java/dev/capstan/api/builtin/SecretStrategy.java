package dev.capstan.api.builtin;

import dev.capstan.api.ResourceStrategy;
import tools.jackson.databind.node.ObjectNode;

/** Secrets: {@code type} defaults to Opaque and cannot change. */
final class SecretStrategy implements ResourceStrategy {

    @Override
    public void prepareForCreate(ObjectNode object) {
        if (!object.hasNonNull("type") || object.get("type").asString().isEmpty()) {
            object.put("type", "Opaque");
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode object, ObjectNode old) {
        if (!object.hasNonNull("type") && old.has("type")) {
            object.set("type", old.get("type"));
        }
    }
}
