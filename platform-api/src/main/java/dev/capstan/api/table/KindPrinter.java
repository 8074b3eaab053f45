package dev.capstan.api.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** The columns of one kind and how one object of it becomes a row of cells. */
interface KindPrinter {

    /** The column definitions, in cell order. */
    List<Column> columns();

    /** Appends one cell per column to {@code cells} for {@code object}; {@code now} is the clock for ages. */
    void writeCells(JsonNode object, Instant now, ArrayNode cells);

    /** Appends the row's TableRowConditions (only pods have any); nothing by default. */
    default void writeConditions(JsonNode object, ArrayNode conditions) {
    }

    /** The function that fills a row's cells. */
    @FunctionalInterface
    interface CellWriter {
        void write(JsonNode object, Instant now, ArrayNode cells);
    }

    /** A printer from its columns and its cell function. */
    static KindPrinter of(List<Column> columns, CellWriter writer) {
        return new KindPrinter() {
            @Override
            public List<Column> columns() {
                return columns;
            }

            @Override
            public void writeCells(JsonNode object, Instant now, ArrayNode cells) {
                writer.write(object, now, cells);
            }
        };
    }
}
