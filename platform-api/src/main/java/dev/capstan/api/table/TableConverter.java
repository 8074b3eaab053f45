package dev.capstan.api.table;

import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.json.Json;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side printing: the meta.k8s.io/v1 Table a client asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}, which is what {@code kubectl get} requests and
 * prints. Columns and cells follow upstream's printers (pkg/printers/internalversion) kind by kind; every column
 * is sent, the wide ones (priority 1) included, and the client hides what it does not show. No Java library
 * ports upstream's printers (Fabric8 models the types but prints nothing), hence this package.
 */
public final class TableConverter {

    /**
     * A meta.k8s.io/v1 Table for objects of one kind.
     *
     * @param group the API group of the kind, "" for the core group
     * @param kind the kind, e.g. "Pod"; kinds without a printer of their own (custom resources) get NAME and AGE
     * @param objects full objects (apiVersion, kind, metadata, spec, status), one row each, in order
     * @param includeObject "None" (rows carry {@code "object": null}), "Metadata" or null (each row's object is a
     *     meta.k8s.io/v1 PartialObjectMetadata with the object's metadata) or "Object" (a copy of the whole object)
     * @param listResourceVersion the Table's metadata.resourceVersion; omitted when null
     * @param continueToken the Table's metadata.continue; omitted when null
     * @param now the clock for AGE and other "time since" cells
     * @return a new Table tree: kind, apiVersion, metadata, columnDefinitions, rows
     * @throws dev.capstan.api.errors.ApiException 400 BadRequest for any other includeObject value, as upstream
     */
    public ObjectNode toTable(String group, String kind, List<? extends JsonNode> objects, String includeObject,
                              String listResourceVersion, String continueToken, Instant now) {
        IncludeObject include = IncludeObject.parse(includeObject);
        KindPrinter printer = Printers.forKind(group, kind);

        ObjectNode table = Json.object();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        if (listResourceVersion != null) {
            metadata.put("resourceVersion", listResourceVersion);
        }
        if (continueToken != null) {
            metadata.put("continue", continueToken);
        }
        ArrayNode columns = table.putArray("columnDefinitions");
        printer.columns().forEach(c -> c.writeTo(columns.addObject()));

        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            printer.writeCells(object, now, row.putArray("cells"));
            ArrayNode conditions = Json.array();
            printer.writeConditions(object, conditions);
            if (!conditions.isEmpty()) {
                row.set("conditions", conditions);
            }
            row.set("object", include.rowObject(object));
        }
        return table;
    }

    /** What a row carries in its {@code object} field. */
    private enum IncludeObject {
        NONE, METADATA, OBJECT;

        static IncludeObject parse(String value) {
            if (value == null || value.isEmpty() || value.equals("Metadata")) {
                return METADATA;
            }
            if (value.equals("None")) {
                return NONE;
            }
            if (value.equals("Object")) {
                return OBJECT;
            }
            throw ApiErrors.badRequest("unrecognized includeObject value: \"" + value + "\"");
        }

        JsonNode rowObject(JsonNode object) {
            return switch (this) {
                case NONE -> Json.MAPPER.nullNode();
                case OBJECT -> object.deepCopy();
                case METADATA -> {
                    ObjectNode partial = Json.object();
                    partial.put("kind", "PartialObjectMetadata");
                    partial.put("apiVersion", "meta.k8s.io/v1");
                    JsonNode metadata = object.path("metadata");
                    partial.set("metadata", metadata.isObject() ? metadata.deepCopy() : Json.object());
                    yield partial;
                }
            };
        }
    }
}
