package dev.capstan.api.openapi;

import dev.capstan.api.json.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders the planned paths and the definitions as a Swagger 2.0 document, the shape of upstream's /openapi/v2. */
final class SwaggerRenderer {

    private SwaggerRenderer() {
    }

    static ObjectNode document(List<PathItem> items, Map<String, ObjectNode> definitions) {
        ObjectNode doc = Json.object();
        doc.put("swagger", "2.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Capstan");
        info.put("version", "v1");
        ObjectNode paths = doc.putObject("paths");
        for (PathItem item : items) {
            paths.set(item.path(), pathItem(item));
        }
        ObjectNode defs = doc.putObject("definitions");
        definitions.forEach((name, schema) -> defs.set(name, schema.deepCopy()));
        return doc;
    }

    private static ObjectNode pathItem(PathItem item) {
        ObjectNode node = Json.object();
        for (Operation op : item.operations()) {
            node.set(op.method(), operation(op));
        }
        ArrayNode params = node.putArray("parameters");
        item.pathParams().forEach(p -> params.add(param(p)));
        return node;
    }

    private static ObjectNode operation(Operation op) {
        ObjectNode node = Json.object();
        node.put("description", OperationText.describe(op));
        node.put("operationId", op.operationId());
        strings(node.putArray("consumes"), op.patchBody() ? OperationText.PATCH_TYPES : List.of("*/*"));
        strings(node.putArray("produces"), op.responseDefinition() == null ? List.of("text/plain")
                : OperationText.JSON_TYPES);
        strings(node.putArray("schemes"), List.of("https"));
        ArrayNode params = node.putArray("parameters");
        if (op.bodyDefinition() != null) {
            ObjectNode body = params.addObject();
            body.put("name", "body");
            body.put("in", "body");
            body.put("required", op.bodyRequired());
            body.putObject("schema").put("$ref", SchemaGenerator.REF_PREFIX + op.bodyDefinition());
        }
        op.params().forEach(p -> params.add(param(p)));
        ObjectNode responses = node.putObject("responses");
        ObjectNode ok = responses.putObject("200");
        ok.put("description", "OK");
        if (op.responseDefinition() == null) {
            ok.putObject("schema").put("type", "string");
        } else {
            ok.putObject("schema").put("$ref", SchemaGenerator.REF_PREFIX + op.responseDefinition());
            if (op.method().equals("post")) {
                responses.putObject("201").put("description", "Created")
                        .putObject("schema").put("$ref", SchemaGenerator.REF_PREFIX + op.responseDefinition());
                responses.putObject("202").put("description", "Accepted")
                        .putObject("schema").put("$ref", SchemaGenerator.REF_PREFIX + op.responseDefinition());
            }
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

    private static ObjectNode param(Param p) {
        ObjectNode node = Json.object();
        node.put("name", p.name());
        node.put("in", p.in());
        node.put("description", p.description());
        node.put("type", p.type());
        if (p.required()) {
            node.put("required", true);
        }
        node.put("uniqueItems", true);
        return node;
    }

    static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
