package dev.capstan.api.table;

import dev.capstan.api.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds tables from Fabric8 model objects and reads them back the way a client reads them. */
final class TableAssertions {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private TableAssertions() {
    }

    /** A Fabric8 model object as the JSON tree the apiserver stores. */
    static JsonNode tree(Object model) {
        return Json.MAPPER.valueToTree(model);
    }

    /** RFC 3339 text of NOW minus {@code seconds}. */
    static String ago(long seconds) {
        return NOW.minusSeconds(seconds).toString();
    }

    static ObjectNode table(String group, String kind, Object... models) {
        List<JsonNode> objects = Arrays.stream(models).map(TableAssertions::tree).toList();
        return new TableConverter().toTable(group, kind, objects, null, "42", null, NOW);
    }

    static List<String> columnNames(JsonNode table) {
        List<String> names = new ArrayList<>();
        table.path("columnDefinitions").forEach(c -> names.add(c.path("name").stringValue()));
        return names;
    }

    /** Names of the priority-0 columns, what plain {@code kubectl get} shows. */
    static List<String> defaultColumnNames(JsonNode table) {
        List<String> names = new ArrayList<>();
        table.path("columnDefinitions").forEach(c -> {
            if (c.path("priority").intValue() == 0) {
                names.add(c.path("name").stringValue());
            }
        });
        return names;
    }

    /** Names of the priority-1 columns, the ones {@code -o wide} adds. */
    static List<String> wideColumnNames(JsonNode table) {
        List<String> names = new ArrayList<>();
        table.path("columnDefinitions").forEach(c -> {
            if (c.path("priority").intValue() == 1) {
                names.add(c.path("name").stringValue());
            }
        });
        return names;
    }

    /** Row {@code index}'s cells keyed by column name, as Java values (String, Long, Boolean or null). */
    static Map<String, Object> row(JsonNode table, int index) {
        List<String> names = columnNames(table);
        JsonNode cells = table.path("rows").get(index).path("cells");
        if (cells.size() != names.size()) {
            throw new AssertionError("row has " + cells.size() + " cells for " + names.size() + " columns");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            row.put(names.get(i), value(cells.get(i)));
        }
        return row;
    }

    /** The cells of the only row of a one-object table. */
    static Map<String, Object> onlyRow(String group, String kind, Object model) {
        return row(table(group, kind, model), 0);
    }

    private static Object value(JsonNode cell) {
        if (cell.isNull()) {
            return null;
        }
        if (cell.isIntegralNumber()) {
            return cell.longValue();
        }
        if (cell.isBoolean()) {
            return cell.booleanValue();
        }
        return cell.stringValue();
    }
}
