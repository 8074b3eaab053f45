package dev.capstan.api.table;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Events: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME. Upstream serves
 * core/v1 and events.k8s.io/v1 Events from one storage and prints both from the core shape; the events.k8s.io
 * field names (regarding, note, deprecated*) are read in their place here.
 */
final class EventColumns {

    private static final List<Column> COLUMNS = List.of(
            Column.of("Last Seen", "string", "The time at which the most recent occurrence of this event was"
                    + " recorded."),
            Column.of("Type", "string", "Type of this event (Normal, Warning), new types could be added in the"
                    + " future"),
            Column.of("Reason", "string", "This should be a short, machine understandable string that gives the"
                    + " reason for the transition into the object's current status."),
            Column.of("Object", "string", "The object that this event is about."),
            Column.wide("Subobject", "string", "If referring to a piece of an object instead of an entire object,"
                    + " this string should contain a valid JSON/Go field access statement."),
            Column.wide("Source", "string", "The component reporting this event."),
            Column.of("Message", "string", "A human-readable description of the status of this operation."),
            Column.wide("First Seen", "string", "The time at which the event was first recorded."),
            Column.wide("Count", "string", "The number of times this event has occurred."),
            new Column("Name", "string", "name", Descriptions.NAME, 1));

    /** core/v1 Event. */
    static final KindPrinter CORE = KindPrinter.of(COLUMNS, (o, now, cells) -> write(o, now, cells,
            new Shape("involvedObject", "message", "source", "firstTimestamp", "lastTimestamp", "count",
                    "reportingComponent")));

    /** events.k8s.io/v1 Event. */
    static final KindPrinter EVENTS_V1 = KindPrinter.of(COLUMNS, (o, now, cells) -> write(o, now, cells,
            new Shape("regarding", "note", "deprecatedSource", "deprecatedFirstTimestamp",
                    "deprecatedLastTimestamp", "deprecatedCount", "reportingController")));

    /** Where each core Event field lives in one API version. */
    private record Shape(String involvedObject, String message, String source, String firstTimestamp,
                         String lastTimestamp, String count, String reportingController) {
    }

    private EventColumns() {
    }

    private static void write(JsonNode event, Instant now, ArrayNode cells, Shape shape) {
        Instant first = Fields.time(event, shape.firstTimestamp());
        String firstSeen = Fields.since(first != null ? first : Fields.time(event, "eventTime"), now);
        Instant last = Fields.time(event, shape.lastTimestamp());
        String lastSeen = last != null ? Fields.since(last, now) : firstSeen;
        long count = Fields.num(event, shape.count());
        JsonNode series = event.path("series");
        if (series.isObject()) {
            lastSeen = Fields.since(Fields.time(series, "lastObservedTime"), now);
            count = Fields.num(series, "count");
        } else if (count == 0) {
            count = 1; // singleton events of the new API carry no count
        }

        JsonNode involved = event.path(shape.involvedObject());
        String kind = Fields.str(involved, "kind").toLowerCase(Locale.ROOT);
        String name = Fields.str(involved, "name");
        String target = name.isEmpty() ? kind : kind + "/" + name;

        String component = firstNonEmpty(Fields.str(event, shape.source(), "component"),
                Fields.str(event, shape.reportingController()));
        String instance = firstNonEmpty(Fields.str(event, shape.source(), "host"),
                Fields.str(event, "reportingInstance"));
        String source = instance.isEmpty() ? component : component + ", " + instance;

        cells.add(lastSeen)
                .add(Fields.str(event, "type"))
                .add(Fields.str(event, "reason"))
                .add(target)
                .add(Fields.str(involved, "fieldPath"))
                .add(source)
                .add(Fields.str(event, shape.message()).strip())
                .add(firstSeen)
                .add(count)
                .add(Fields.name(event));
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }
}
