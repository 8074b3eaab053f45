package dev.capstan.api.web;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.json.Json;
import dev.capstan.api.registry.ListPage;
import dev.capstan.api.table.TableConverter;
import java.time.Clock;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Shapes objects and lists for the response: plain JSON lists or Tables. */
final class ObjectResponses {

    private final TableConverter tables = new TableConverter();
    private final Clock clock;

    ObjectResponses(Clock clock) {
        this.clock = clock;
    }

    JsonNode list(ResourceDefinition def, ListPage page, Accepts accepts, String includeObject) {
        if (accepts == Accepts.TABLE) {
            return tables.toTable(def.group(), def.kind(), page.items(), includeObject == null ? "Metadata" : includeObject,
                    Long.toString(page.resourceVersion()), page.continueToken(), clock.instant());
        }
        ObjectNode list = Json.object();
        list.put("kind", def.listKind());
        list.put("apiVersion", def.apiVersion());
        ObjectNode metadata = list.putObject("metadata");
        metadata.put("resourceVersion", Long.toString(page.resourceVersion()));
        if (page.continueToken() != null) {
            metadata.put("continue", page.continueToken());
        }
        ArrayNode items = list.putArray("items");
        page.items().forEach(items::add);
        return list;
    }

    JsonNode object(ResourceDefinition def, ObjectNode object, Accepts accepts, String includeObject) {
        if (accepts == Accepts.TABLE) {
            return tables.toTable(def.group(), def.kind(), List.of(object), includeObject == null ? "Metadata" : includeObject,
                    null, null, clock.instant());
        }
        return object;
    }
}
