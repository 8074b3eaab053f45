package dev.capstan.api.openapi;

import dev.capstan.api.json.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders the paths of one group-version as an OpenAPI 3.0 document, the shape of upstream's
 * /openapi/v3/apis/{group}/{version}: only the definitions reachable from those paths, under
 * {@code components.schemas}, with the references rewritten to point there.
 */
final class OpenApi3Renderer {

    static final String REF_PREFIX = "#/components/schemas/";

    private OpenApi3Renderer() {
    }

    static ObjectNode document(List<PathItem> items, Map<String, ObjectNode> definitions) {
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Capstan");
        info.put("version", "v1");
        ObjectNode paths = doc.putObject("paths");
        Set<String> roots = new TreeSet<>();
        for (PathItem item : items) {
            ObjectNode node = paths.putObject(item.path());
            for (Operation op : item.operations()) {
                node.set(op.method(), operation(op));
                if (op.bodyDefinition() != null) {
                    roots.add(op.bodyDefinition());
                }
                if (op.responseDefinition() != null) {
                    roots.add(op.responseDefinition());
                }
            }
            var params = node.putArray("parameters");
            item.pathParams().forEach(p -> params.add(param(p)));
        }
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        for (String name : reachable(roots, definitions)) {
            schemas.set(name, rewriteRefs(definitions.get(name)));
        }
        return doc;
    }

    private static ObjectNode operation(Operation op) {
        ObjectNode node = Json.object();
        node.put("description", OperationText.describe(op));
        node.put("operationId", op.operationId());
        var params = node.putArray("parameters");
        op.params().forEach(p -> params.add(param(p)));
        if (op.bodyDefinition() != null) {
            ObjectNode body = node.putObject("requestBody");
            ObjectNode content = body.putObject("content");
            for (String type : op.patchBody() ? OperationText.PATCH_TYPES : List.of("*/*")) {
                content.putObject(type).putObject("schema").put("$ref", REF_PREFIX + op.bodyDefinition());
            }
            body.put("required", op.bodyRequired());
        }
        ObjectNode responses = node.putObject("responses");
        response(responses, "200", "OK", op.responseDefinition());
        if (op.method().equals("post") && op.responseDefinition() != null) {
            response(responses, "201", "Created", op.responseDefinition());
            response(responses, "202", "Accepted", op.responseDefinition());
        }
        responses.putObject("401").put("description", "Unauthorized");
        node.put("x-kubernetes-action", op.action());
        if (op.gvk() != null) {
            ObjectNode gvk = node.putObject("x-kubernetes-group-version-kind");
            gvk.put("group", op.gvk().group());
            gvk.put("kind", op.gvk().kind());
            gvk.put("version", op.gvk().version());
        }
        return node;
    }

    private static void response(ObjectNode responses, String code, String description, String definition) {
        ObjectNode response = responses.putObject(code);
        response.put("description", description);
        ObjectNode content = response.putObject("content");
        if (definition == null) {
            content.putObject("text/plain").putObject("schema").put("type", "string");
            return;
        }
        for (String type : OperationText.JSON_TYPES) {
            content.putObject(type).putObject("schema").put("$ref", REF_PREFIX + definition);
        }
    }

    private static ObjectNode param(Param p) {
        ObjectNode node = Json.object();
        node.put("name", p.name());
        node.put("in", p.in());
        node.put("description", p.description());
        if (p.required()) {
            node.put("required", true);
        }
        ObjectNode schema = node.putObject("schema");
        schema.put("type", p.type());
        schema.put("uniqueItems", true);
        return node;
    }

    /** The names of the roots and of every definition they reference, directly or not, sorted. */
    static Set<String> reachable(Set<String> roots, Map<String, ObjectNode> definitions) {
        Set<String> seen = new TreeSet<>();
        Deque<String> work = new ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            String name = work.pop();
            ObjectNode schema = definitions.get(name);
            if (schema != null && seen.add(name)) {
                collectRefs(schema, work);
            }
        }
        return seen;
    }

    private static void collectRefs(JsonNode node, Deque<String> into) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isString() && ref.asString().startsWith(SchemaGenerator.REF_PREFIX)) {
                into.push(ref.asString().substring(SchemaGenerator.REF_PREFIX.length()));
            }
        }
        if (node.isContainer()) {
            for (JsonNode child : node) {
                collectRefs(child, into);
            }
        }
    }

    /** A copy of a v2 schema whose references point into {@code components.schemas}. */
    private static JsonNode rewriteRefs(JsonNode node) {
        JsonNode copy = node.deepCopy();
        rewriteInPlace(copy);
        return copy;
    }

    private static void rewriteInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isString() && ref.asString().startsWith(SchemaGenerator.REF_PREFIX)) {
                object.put("$ref", REF_PREFIX + ref.asString().substring(SchemaGenerator.REF_PREFIX.length()));
            }
        }
        if (node.isContainer()) {
            for (JsonNode child : node) {
                rewriteInPlace(child);
            }
        }
    }
}
