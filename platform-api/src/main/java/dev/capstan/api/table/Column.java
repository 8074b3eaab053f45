package dev.capstan.api.table;

import tools.jackson.databind.node.ObjectNode;

/**
 * One meta.k8s.io/v1 TableColumnDefinition. Priority 0 columns are what {@code kubectl get} prints; priority 1
 * columns are added by {@code -o wide}. The server always sends every column and every cell (upstream generates
 * tables with {@code Wide: true}); hiding is the client's job.
 */
record Column(String name, String type, String format, String description, int priority) {

    /** The NAME column every printer starts with. */
    static Column nameColumn() {
        return new Column("Name", "string", "name", Descriptions.NAME, 0);
    }

    /** The AGE column: a HumanDuration string since {@code metadata.creationTimestamp}. */
    static Column ageColumn() {
        return new Column("Age", "string", "", Descriptions.CREATION_TIMESTAMP, 0);
    }

    static Column of(String name, String type, String description) {
        return new Column(name, type, "", description, 0);
    }

    /** A column only {@code -o wide} shows. */
    static Column wide(String name, String type, String description) {
        return new Column(name, type, "", description, 1);
    }

    /** Writes this definition with all five fields, as upstream serializes them (none is omitempty). */
    void writeTo(ObjectNode node) {
        node.put("name", name);
        node.put("type", type);
        node.put("format", format);
        node.put("description", description);
        node.put("priority", priority);
    }
}
