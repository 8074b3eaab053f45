package dev.capstan.api.table;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Reads fields of an object tree the way upstream's printers read Go structs: a missing field is its zero value
 * ("" or 0), never an error, because printers must render whatever is stored.
 */
final class Fields {

    private Fields() {
    }

    /** The node at a path of fields; a missing node (never null) when any step is absent. */
    static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node == null ? MissingNode.getInstance() : node;
        for (String field : path) {
            current = current.path(field);
        }
        return current;
    }

    /** The string at a path, or "" (Go's zero value). Numbers and booleans read as their text. */
    static String str(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        if (value.isString()) {
            return value.stringValue();
        }
        return value.isNumber() || value.isBoolean() ? value.asString() : "";
    }

    /** The string at a path, or null when absent (a Go pointer). */
    static String strOrNull(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isMissingNode() || value.isNull() ? null : str(node, path);
    }

    /** The integer at a path, or 0. */
    static long num(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isNumber() ? value.longValue() : 0;
    }

    /** The integer at a path, or {@code fallback} when absent (fields upstream's defaulting always sets). */
    static long num(JsonNode node, long fallback, String... path) {
        JsonNode value = at(node, path);
        return value.isNumber() ? value.longValue() : fallback;
    }

    /** The number of entries of the object or array at a path; 0 when absent. */
    static int count(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isObject() || value.isArray() ? value.size() : 0;
    }

    /** The elements of the array at a path; empty when absent. */
    static List<JsonNode> list(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        List<JsonNode> result = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(result::add);
        }
        return result;
    }

    static String name(JsonNode object) {
        return str(object, "metadata", "name");
    }

    static boolean deleting(JsonNode object) {
        JsonNode ts = at(object, "metadata", "deletionTimestamp");
        return !ts.isMissingNode() && !ts.isNull();
    }

    /** An RFC 3339 timestamp (metav1.Time or MicroTime) as an instant; null when absent or unparseable. */
    static Instant time(JsonNode node, String... path) {
        String text = str(node, path);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Upstream's translateTimestampSince: the HumanDuration from {@code t} to now, {@code <unknown>} if none. */
    static String since(Instant t, Instant now) {
        return t == null ? "<unknown>" : HumanDuration.format(Duration.between(t, now));
    }

    /** The AGE cell: time since {@code metadata.creationTimestamp}. */
    static String age(JsonNode object, Instant now) {
        return since(time(object, "metadata", "creationTimestamp"), now);
    }

    /** Upstream's labels.FormatLabels: "k=v,..." sorted by key, {@code <none>} when empty. */
    static String formatLabels(JsonNode map) {
        if (map == null || !map.isObject() || map.isEmpty()) {
            return "<none>";
        }
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            sorted.put(e.getKey(), e.getValue().isString() ? e.getValue().stringValue() : e.getValue().asString(""));
        }
        StringBuilder out = new StringBuilder();
        sorted.forEach((k, v) -> out.append(out.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return out.toString();
    }

    /** Upstream's layoutContainerCells: container names and images, each comma-joined. */
    static String[] containerCells(JsonNode containers) {
        StringBuilder names = new StringBuilder();
        StringBuilder images = new StringBuilder();
        if (containers != null && containers.isArray()) {
            for (int i = 0; i < containers.size(); i++) {
                if (i > 0) {
                    names.append(',');
                    images.append(',');
                }
                names.append(str(containers.get(i), "name"));
                images.append(str(containers.get(i), "image"));
            }
        }
        return new String[] {names.toString(), images.toString()};
    }

    /** An IntOrString as upstream's String(): the number or the string; null when absent. */
    static String intOrString(JsonNode node, String... path) {
        return strOrNull(node, path);
    }
}
