package dev.capstan.api.table;

import java.time.Instant;
import java.util.List;
import dev.capstan.api.registry.Meta;

/** The tables of kinds without a printer of their own. */
final class DefaultColumns {

    /**
     * Built-in kinds upstream serves without a printer (Role, ClusterRole, LimitRange): the apiserver's default
     * table convertor, NAME and CREATED AT, the latter an RFC 3339 timestamp in a "date" column.
     */
    static final KindPrinter CREATED_AT = KindPrinter.of(List.of(
            Column.nameColumn(),
            new Column("Created At", "date", "", Descriptions.CREATION_TIMESTAMP, 0)),
            (o, now, cells) -> {
                Instant created = Fields.time(o, "metadata", "creationTimestamp");
                // a missing timestamp is Go's zero time, which upstream formats as such
                cells.add(Fields.name(o)).add(created == null ? "0001-01-01T00:00:00Z" : Meta.timestamp(created));
            });

    /**
     * Custom resources whose definition declares no printer columns: NAME and AGE, AGE a "date" column whose
     * cell the server renders as a HumanDuration, as apiextensions-apiserver does.
     */
    static final KindPrinter AGE = KindPrinter.of(List.of(
            Column.nameColumn(),
            new Column("Age", "date", "", Descriptions.CREATION_TIMESTAMP, 0)),
            (o, now, cells) -> {
                cells.add(Fields.name(o));
                if (o.path("metadata").path("creationTimestamp").isString()) {
                    Instant created = Fields.time(o, "metadata", "creationTimestamp");
                    cells.add(created == null ? "<invalid>" : Fields.since(created, now));
                } else {
                    cells.addNull(); // the JSONPath found nothing
                }
            });

    private DefaultColumns() {
    }
}
