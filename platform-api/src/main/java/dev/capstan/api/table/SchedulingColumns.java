package dev.capstan.api.table;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Lease, PodDisruptionBudget and PriorityClass. */
final class SchedulingColumns {

    static final KindPrinter LEASE = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Holder", "string", "holderIdentity contains the identity of the holder of a current"
                    + " lease."),
            Column.ageColumn()),
            (o, now, cells) -> cells.add(Fields.name(o))
                    .add(Fields.str(o, "spec", "holderIdentity"))
                    .add(Fields.age(o, now)));

    static final KindPrinter POD_DISRUPTION_BUDGET = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Min Available", "string", "The minimum number of pods that must be available."),
            Column.of("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
            Column.of("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this"
                    + " time."),
            Column.ageColumn()),
            (o, now, cells) -> {
                String min = Fields.intOrString(o, "spec", "minAvailable");
                String max = Fields.intOrString(o, "spec", "maxUnavailable");
                cells.add(Fields.name(o))
                        .add(min == null ? "N/A" : min)
                        .add(max == null ? "N/A" : max)
                        .add(Fields.num(o, "status", "disruptionsAllowed"))
                        .add(Fields.age(o, now));
            });

    static final KindPrinter PRIORITY_CLASS = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Value", "integer", "value represents the integer value of this priority class."),
            Column.of("Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be"
                    + " considered as the default priority for pods that do not have any priority class."),
            Column.ageColumn(),
            // upstream fills this cell only in wide output but declares it priority 0
            Column.of("PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting pods with"
                    + " lower priority.")),
            (o, now, cells) -> {
                JsonNode globalDefault = o.path("globalDefault");
                cells.add(Fields.name(o))
                        .add(Fields.num(o, "value"))
                        .add(globalDefault.isBoolean() && globalDefault.booleanValue())
                        .add(Fields.age(o, now))
                        .add(Fields.str(o, "preemptionPolicy"));
            });

    private SchedulingColumns() {
    }
}
