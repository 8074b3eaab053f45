package dev.capstan.api.registry;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiErrors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status/spec split of an update: a write to the main resource keeps the stored status (for kinds with a
 * status subresource), a write to {@code status} changes only the status, a write to {@code finalize} (namespaces)
 * only {@code spec.finalizers}.
 */
final class Subresources {

    private Subresources() {
    }

    /** The object to store, from the request body and the stored object (both copies the caller owns). */
    static ObjectNode merge(ResourceDefinition def, String subresource, ObjectNode body, ObjectNode stored) {
        if (subresource == null || subresource.isEmpty()) {
            if (def.hasSubresource("status")) {
                copyField(stored, body, "status");
            }
            return body;
        }
        return switch (subresource) {
            // a CertificateSigningRequest's approval writes status.conditions; its strategy keeps the rest
            case "status", "approval" -> {
                copyField(body, stored, "status");
                copyLabelsAndAnnotations(body, stored);
                yield stored;
            }
            case "finalize" -> {
                ObjectNode spec = stored.has("spec") && stored.get("spec").isObject()
                        ? (ObjectNode) stored.get("spec") : stored.putObject("spec");
                JsonNode finalizers = body.path("spec").path("finalizers");
                if (finalizers.isMissingNode()) {
                    spec.remove("finalizers");
                } else {
                    spec.set("finalizers", finalizers);
                }
                yield stored;
            }
            default -> throw ApiErrors.methodNotSupported(def, "update of " + subresource);
        };
    }

    private static void copyField(ObjectNode from, ObjectNode to, String field) {
        if (from.has(field)) {
            to.set(field, from.get(field));
        } else {
            to.remove(field);
        }
    }

    /** Status writers (controllers, the node agent) may also set labels and annotations, as upstream allows. */
    private static void copyLabelsAndAnnotations(ObjectNode from, ObjectNode to) {
        ObjectNode toMeta = Meta.of(to);
        for (String field : new String[] {"labels", "annotations"}) {
            JsonNode value = from.path("metadata").get(field);
            if (value != null) {
                toMeta.set(field, value);
            }
        }
    }
}
