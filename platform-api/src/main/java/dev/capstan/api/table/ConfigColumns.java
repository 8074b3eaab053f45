package dev.capstan.api.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** Namespace, ConfigMap, Secret, ServiceAccount and ResourceQuota. */
final class ConfigColumns {

    static final KindPrinter NAMESPACE = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Status", "string", "The status of the namespace"),
            Column.ageColumn()),
            (o, now, cells) -> cells.add(Fields.name(o))
                    .add(Fields.str(o, "status", "phase"))
                    .add(Fields.age(o, now)));

    static final KindPrinter CONFIG_MAP = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Data", "string", "Data contains the configuration data."),
            Column.ageColumn()),
            (o, now, cells) -> cells.add(Fields.name(o))
                    .add((long) Fields.count(o, "data") + Fields.count(o, "binaryData"))
                    .add(Fields.age(o, now)));

    static final KindPrinter SECRET = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Type", "string", "Used to facilitate programmatic handling of secret data."),
            Column.of("Data", "string", "Data contains the secret data."),
            Column.ageColumn()),
            (o, now, cells) -> cells.add(Fields.name(o))
                    .add(Fields.str(o, "type"))
                    .add((long) Fields.count(o, "data"))
                    .add(Fields.age(o, now)));

    static final KindPrinter SERVICE_ACCOUNT = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Secrets", "string", "Secrets is a list of the secrets in the same namespace that pods"
                    + " running using this ServiceAccount are allowed to use."),
            Column.ageColumn()),
            (o, now, cells) -> cells.add(Fields.name(o))
                    .add((long) Fields.count(o, "secrets"))
                    .add(Fields.age(o, now)));

    static final KindPrinter RESOURCE_QUOTA = KindPrinter.of(List.of(
            Column.nameColumn(),
            Column.of("Request", "string", "Request represents a minimum amount of cpu/memory that a container"
                    + " may consume."),
            Column.of("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may"
                    + " use independent of contention on the node."),
            Column.ageColumn()),
            (o, now, cells) -> {
                String[] requestAndLimit = quota(o);
                cells.add(Fields.name(o)).add(requestAndLimit[0]).add(requestAndLimit[1]).add(Fields.age(o, now));
            });

    private ConfigColumns() {
    }

    /**
     * "resource: used/hard" for each resource in status.hard, sorted by name; resources named "limits.*" go to the
     * LIMIT cell, all others to REQUEST. Quantities print as stored.
     */
    private static String[] quota(JsonNode quota) {
        Map<String, String> hard = new TreeMap<>();
        JsonNode hardNode = quota.path("status").path("hard");
        if (hardNode.isObject()) {
            for (Map.Entry<String, JsonNode> e : hardNode.properties()) {
                hard.put(e.getKey(), e.getValue().asString(""));
            }
        }
        List<String> requests = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        hard.forEach((resource, hardQty) -> {
            String used = Fields.str(quota, "status", "used", resource);
            String entry = resource + ": " + (used.isEmpty() ? "0" : used) + "/" + hardQty;
            String[] pieces = resource.split("\\.", -1);
            (pieces.length > 1 && pieces[0].equals("limits") ? limits : requests).add(entry);
        });
        return new String[] {String.join(", ", requests), String.join(", ", limits)};
    }
}
