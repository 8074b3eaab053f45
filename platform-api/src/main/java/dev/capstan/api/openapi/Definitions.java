package dev.capstan.api.openapi;

import dev.capstan.api.json.Json;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The definitions of the documents: one per served kind (and its list kind, when Fabric8 has a class for it) with
 * its {@code x-kubernetes-group-version-kind}, everything reachable from them, and the few request and response
 * types the operations name. The autoscaling/v1 Scale is written by hand because its Fabric8 class lives in a jar
 * the server does not depend on.
 */
final class Definitions {

    static final String PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    private static final String SCALE = "io.k8s.api.autoscaling.v1.Scale";
    private static final String DOCS = "https://kubernetes.io/docs/reference/kubernetes-api/";

    private final SchemaGenerator generator = new SchemaGenerator();

    Definitions() {
        ObjectNode patch = SchemaGenerator.scalar("object", null);
        patch.put("description", "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.");
        generator.put(PATCH, patch);
    }

    /** Defines a served kind and tags it with its group, version and kind; returns the definition name. */
    String kind(ApiKind kind) {
        String name = generator.define(kind.javaType());
        ObjectNode schema = generator.definitions().get(name);
        schema.put("description", kind.kind() + " (" + (kind.group().isEmpty() ? "core" : kind.group()) + "/"
                + kind.version() + "). Field reference: " + DOCS);
        tag(schema, kind.group(), kind.version(), kind.kind());
        return name;
    }

    /** Defines the list kind of a served kind ("PodList") if Fabric8 models it; returns its name or null. */
    String list(ApiKind kind) {
        Class<?> listType;
        try {
            listType = Class.forName(kind.javaType().getName() + "List", false, kind.javaType().getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
        String name = generator.define(listType);
        ObjectNode schema = generator.definitions().get(name);
        schema.put("description", kind.kind() + "List is a list of " + kind.kind() + " objects.");
        tag(schema, kind.group(), kind.version(), kind.kind() + "List");
        return name;
    }

    String status() {
        return generator.define(Status.class);
    }

    String deleteOptions() {
        return generator.define(DeleteOptions.class);
    }

    String binding() {
        return generator.define(Binding.class);
    }

    String eviction() {
        return generator.define(Eviction.class);
    }

    String scale() {
        if (!generator.definitions().containsKey(SCALE)) {
            ObjectNode spec = SchemaGenerator.scalar("object", null);
            spec.putObject("properties").set("replicas", SchemaGenerator.scalar("integer", "int32"));
            ObjectNode status = SchemaGenerator.scalar("object", null);
            ObjectNode statusProps = status.putObject("properties");
            statusProps.set("replicas", SchemaGenerator.scalar("integer", "int32"));
            statusProps.set("selector", SchemaGenerator.scalar("string", null));
            status.putArray("required").add("replicas");
            ObjectNode scale = SchemaGenerator.scalar("object", null);
            scale.put("description", "Scale represents a scaling request for a resource.");
            ObjectNode props = scale.putObject("properties");
            props.set("apiVersion", SchemaGenerator.scalar("string", null));
            props.set("kind", SchemaGenerator.scalar("string", null));
            props.putObject("metadata").put("$ref", SchemaGenerator.REF_PREFIX + generator.define(ObjectMeta.class));
            props.set("spec", spec);
            props.set("status", status);
            tag(scale, "autoscaling", "v1", "Scale");
            generator.put(SCALE, scale);
        }
        return SCALE;
    }

    /** All definitions, by name (live view; read only). */
    Map<String, ObjectNode> all() {
        return generator.definitions();
    }

    /** Adds a GVK to the definition's list unless it is there already (one class may serve several versions). */
    private static void tag(ObjectNode schema, String group, String version, String kind) {
        ArrayNode gvks = schema.has("x-kubernetes-group-version-kind")
                ? (ArrayNode) schema.get("x-kubernetes-group-version-kind")
                : schema.putArray("x-kubernetes-group-version-kind");
        ObjectNode gvk = Json.object();
        gvk.put("group", group);
        gvk.put("kind", kind);
        gvk.put("version", version);
        for (var existing : gvks) {
            if (existing.equals(gvk)) {
                return;
            }
        }
        gvks.add(gvk);
    }
}
