package dev.capstan.store.embedded;

import dev.capstan.store.KeyRange;
import dev.capstan.store.KeyValue;
import dev.capstan.store.WatchEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The open transaction of one group commit: the writes of a batch append their rows here, revision after
 * revision, and the events they make are published once the whole batch is on disk.
 */
final class WriteTransaction {

    private static final String APPEND =
            "INSERT INTO log (rev, key, create_rev, prev_rev, deleted, value) VALUES (?, ?, ?, ?, ?, ?)";

    private final Connection connection;
    private final PreparedStatement append;
    private final List<WatchEvent> events = new ArrayList<>();
    private long revision;

    WriteTransaction(Connection connection, PreparedStatement append, long revision) {
        this.connection = connection;
        this.append = append;
        this.revision = revision;
    }

    static PreparedStatement prepareAppend(Connection connection) throws SQLException {
        return connection.prepareStatement(APPEND);
    }

    Connection connection() {
        return connection;
    }

    /** The newest row of a key, including rows appended earlier in this batch. */
    LogRow latest(String key) throws SQLException {
        return LogQueries.latest(connection, KeyRange.bytes(key));
    }

    /** Appends a version of {@code key} that replaces {@code previous} (null when the key is new). */
    long put(String key, byte[] value, LogRow previous) throws SQLException {
        long rev = ++revision;
        long createRevision = previous == null ? rev : previous.createRevision();
        LogRow row = new LogRow(rev, key, createRevision, previous == null ? 0 : previous.revision(), false, value);
        insert(row);
        events.add(WatchEvents.of(row, previous == null ? null : previous.toKeyValue()));
        return rev;
    }

    /** Appends the tombstone that deletes {@code previous}. */
    long delete(LogRow previous) throws SQLException {
        long rev = ++revision;
        LogRow row = new LogRow(rev, previous.key(), previous.createRevision(), previous.revision(), true, null);
        insert(row);
        events.add(WatchEvents.of(row, previous.toKeyValue()));
        return rev;
    }

    /** Appends a row exactly as given (restore keeps the snapshot's revisions), without an event. */
    void restore(KeyValue kv) throws SQLException {
        insert(new LogRow(kv.modRevision(), kv.key(), kv.createRevision(), 0, false, kv.value()));
        revision = Math.max(revision, kv.modRevision());
    }

    /** Moves the revision forward without a row (restore: the snapshot's revision may be past its last row). */
    void advanceTo(long target) {
        revision = Math.max(revision, target);
    }

    long revision() {
        return revision;
    }

    List<WatchEvent> events() {
        return events;
    }

    private void insert(LogRow row) throws SQLException {
        append.setLong(1, row.revision());
        append.setBytes(2, KeyRange.bytes(row.key()));
        append.setLong(3, row.createRevision());
        append.setLong(4, row.previousRevision());
        append.setInt(5, row.deleted() ? 1 : 0);
        append.setBytes(6, row.value());
        append.executeUpdate();
    }
}
