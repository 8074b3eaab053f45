package dev.capstan.store.embedded;

import dev.capstan.store.KeyRange;
import dev.capstan.store.KeyValue;
import dev.capstan.store.WatchEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL that reads the log. Stateless; every method runs on the connection it is given. */
final class LogQueries {

    private static final String LATEST = """
            SELECT rev, key, create_rev, prev_rev, deleted, value FROM log
            WHERE key = ? ORDER BY rev DESC LIMIT 1""";

    /** Per key in [from, to): its newest row at or below the revision, if that row is not a tombstone. */
    private static final String LIST = """
            SELECT l.rev, l.key, l.create_rev, l.prev_rev, l.deleted, l.value
            FROM (SELECT MAX(rev) AS rev FROM log WHERE key >= ? AND key < ? AND rev <= ? GROUP BY key) m
            JOIN log l ON l.rev = m.rev
            WHERE l.deleted = 0
            ORDER BY l.key LIMIT ?""";

    private static final String HISTORY = """
            SELECT l.rev, l.key, l.create_rev, l.prev_rev, l.deleted, l.value,
                   p.rev, p.create_rev, p.value
            FROM log l LEFT JOIN log p ON p.rev = l.prev_rev AND p.deleted = 0
            WHERE l.rev > ? AND l.rev <= ? AND l.key >= ? AND l.key < ?
            ORDER BY l.rev LIMIT ?""";

    /** The meta row holding the revision of the last compaction. */
    static final String COMPACT_REVISION = "compact_rev";

    /** The meta row holding the revision of the snapshot the store was restored from (0 if none). */
    static final String RESTORED_REVISION = "restored_rev";

    private LogQueries() {
    }

    /** The newest row of a key (maybe a tombstone), or null if the log has none. */
    static LogRow latest(Connection connection, byte[] key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LATEST)) {
            statement.setBytes(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    /** Up to {@code limit} live keys in [from, to) as of {@code revision}, in key order. */
    static List<KeyValue> list(Connection connection, byte[] from, byte[] to, long revision, int limit)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LIST)) {
            statement.setBytes(1, from);
            statement.setBytes(2, to);
            statement.setLong(3, revision);
            statement.setInt(4, limit);
            List<KeyValue> items = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    items.add(row(rs).toKeyValue());
                }
            }
            return items;
        }
    }

    /** Up to {@code limit} changes under [from, to) with revisions in (after, upTo], in revision order. */
    static List<WatchEvent> history(Connection connection, byte[] from, byte[] to, long after, long upTo, int limit)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(HISTORY)) {
            statement.setLong(1, after);
            statement.setLong(2, upTo);
            statement.setBytes(3, from);
            statement.setBytes(4, to);
            statement.setInt(5, limit);
            List<WatchEvent> events = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    LogRow row = row(rs);
                    long previousRevision = rs.getLong(7);
                    KeyValue previous = rs.wasNull() ? null
                            : new KeyValue(row.key(), rs.getBytes(9), rs.getLong(8), previousRevision);
                    events.add(WatchEvents.of(row, previous));
                }
            }
            return events;
        }
    }

    /** A meta counter (the compaction revision). */
    static long meta(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The newest revision in the log; compaction never removes it, so it is the store's revision. */
    static long maxRevision(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COALESCE(MAX(rev), 0) FROM log");
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static LogRow row(ResultSet rs) throws SQLException {
        return new LogRow(rs.getLong(1), KeyRange.key(rs.getBytes(2)), rs.getLong(3), rs.getLong(4),
                rs.getInt(5) != 0, rs.getBytes(6));
    }
}
