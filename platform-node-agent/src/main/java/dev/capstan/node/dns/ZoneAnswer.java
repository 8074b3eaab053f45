package dev.capstan.node.dns;

import java.util.List;
import org.xbill.DNS.Record;

/**
 * What the cluster zone holds at one name, independent of the query type: whether the name exists, all its
 * records (of every type) and records that belong in the additional section when these are returned (the
 * addresses of SRV targets).
 */
record ZoneAnswer(boolean exists, List<Record> records, List<Record> additional) {

    private static final ZoneAnswer NXDOMAIN = new ZoneAnswer(false, List.of(), List.of());
    private static final ZoneAnswer EMPTY_NON_TERMINAL = new ZoneAnswer(true, List.of(), List.of());

    ZoneAnswer {
        records = List.copyOf(records);
        additional = List.copyOf(additional);
    }

    /** The name does not exist. */
    static ZoneAnswer nxdomain() {
        return NXDOMAIN;
    }

    /** The name exists but holds no records (an empty non-terminal such as {@code svc.cluster.local}). */
    static ZoneAnswer emptyNonTerminal() {
        return EMPTY_NON_TERMINAL;
    }

    /** The name exists with these records (possibly none). */
    static ZoneAnswer of(List<Record> records) {
        return new ZoneAnswer(true, records, List.of());
    }

    static ZoneAnswer of(List<Record> records, List<Record> additional) {
        return new ZoneAnswer(true, records, additional);
    }
}
