package dev.capstan.api.builtin;

import dev.capstan.api.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Namespaces: created Active with the "kubernetes" finalizer in {@code spec.finalizers}; a delete marks them
 * Terminating, and the namespace controller removes their content and then the finalizer.
 */
final class NamespaceStrategy implements ResourceStrategy {

    @Override
    public void prepareForCreate(ObjectNode object) {
        ObjectNode spec = object.has("spec") && object.get("spec").isObject()
                ? (ObjectNode) object.get("spec") : object.putObject("spec");
        if (!spec.has("finalizers")) {
            spec.putArray("finalizers").add("kubernetes");
        }
        object.putObject("status").put("phase", "Active");
    }

    @Override
    public void prepareForUpdate(ObjectNode object, ObjectNode old) {
        // spec.finalizers change only through the finalize subresource; status only through status
        if (old.has("spec")) {
            object.set("spec", old.get("spec").deepCopy());
        }
    }

    @Override
    public boolean holdsDeletion(ObjectNode object) {
        JsonNode finalizers = object.path("spec").path("finalizers");
        return finalizers.isArray() && !finalizers.isEmpty();
    }

    @Override
    public void prepareForDeletion(ObjectNode object) {
        ObjectNode status = object.has("status") && object.get("status").isObject()
                ? (ObjectNode) object.get("status") : object.putObject("status");
        status.put("phase", "Terminating");
    }
}
