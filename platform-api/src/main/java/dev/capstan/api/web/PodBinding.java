package dev.capstan.api.web;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.registry.WriteOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** pods/binding: the scheduler's way to set a pod's node, once. */
final class PodBinding {

    private PodBinding() {
    }

    static void bind(ObjectStore store, ResourceDefinition pods, String namespace, String name, JsonNode binding,
            WriteOptions options) {
        String node = binding.path("target").path("name").asString("");
        if (node.isEmpty()) {
            throw ApiErrors.invalid(pods, name, java.util.List.of(dev.capstan.api.validation.FieldError.required("target.name", "")));
        }
        store.guaranteedUpdate(pods, namespace, name, 0, pod -> {
            if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
                throw ApiErrors.conflict(pods, name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            String current = pod.path("spec").path("nodeName").asString("");
            if (!current.isEmpty()) {
                throw ApiErrors.conflict(pods, name, "pod " + name + " is already assigned to node \"" + current + "\"");
            }
            ObjectNode spec = pod.get("spec") instanceof ObjectNode s ? s : pod.putObject("spec");
            spec.put("nodeName", node);
            return pod;
        }, options);
    }
}
