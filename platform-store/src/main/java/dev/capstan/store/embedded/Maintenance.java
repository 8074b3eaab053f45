package dev.capstan.store.embedded;

import dev.capstan.store.InvalidStoreRequestException;
import dev.capstan.store.KeyValue;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The two writes that run alone in their transaction: compaction and restore. */
final class Maintenance {

    /**
     * Drops every row older than the compaction revision that a list at that revision would not read: rows
     * replaced at or before it, and tombstones before it. Rows at or after it stay, so watches from it on
     * still replay.
     */
    private static final String COMPACT = """
            DELETE FROM log WHERE rev < ?1 AND (deleted = 1
              OR EXISTS (SELECT 1 FROM log n WHERE n.key = log.key AND n.rev > log.rev AND n.rev <= ?1))""";

    private Maintenance() {
    }

    static WriteRequest compact(long revision, AtomicLong compactedMark) {
        return new WriteRequest() {
            @Override
            long apply(WriteTransaction tx) throws SQLException {
                if (revision > tx.revision()) {
                    throw new InvalidStoreRequestException(
                            "cannot compact to future revision " + revision + "; current is " + tx.revision());
                }
                long compacted = LogQueries.meta(tx.connection(), LogQueries.COMPACT_REVISION);
                if (revision <= compacted) {
                    return compacted;
                }
                // raised before the delete: a read overlapping the delete sees the mark when it checks afterwards
                compactedMark.accumulateAndGet(revision, Math::max);
                try (PreparedStatement delete = tx.connection().prepareStatement(COMPACT)) {
                    delete.setLong(1, revision);
                    delete.executeUpdate();
                }
                setMeta(tx, LogQueries.COMPACT_REVISION, revision);
                return revision;
            }

            @Override
            boolean exclusive() {
                return true;
            }
        };
    }

    /**
     * Loads the rows of a snapshot, keeping their revisions; the store must be empty. The store's revision becomes
     * {@code restoredRevision} (at least the snapshot's), and everything before it counts as compacted.
     */
    static WriteRequest restore(List<KeyValue> rows, long restoredRevision, AtomicLong compactedMark) {
        return new WriteRequest() {
            @Override
            long apply(WriteTransaction tx) throws SQLException {
                if (LogQueries.maxRevision(tx.connection()) != 0) {
                    throw new InvalidStoreRequestException("restore needs an empty store; this one has data");
                }
                for (KeyValue kv : rows) {
                    tx.restore(kv);
                }
                tx.advanceTo(restoredRevision);
                // history before the snapshot is not in it: reads and watches older than it are compacted away
                compactedMark.accumulateAndGet(restoredRevision, Math::max);
                setMeta(tx, LogQueries.COMPACT_REVISION, restoredRevision);
                setMeta(tx, LogQueries.RESTORED_REVISION, restoredRevision);
                return restoredRevision;
            }

            @Override
            boolean exclusive() {
                return true;
            }
        };
    }

    private static void setMeta(WriteTransaction tx, String name, long value) throws SQLException {
        try (PreparedStatement statement = tx.connection().prepareStatement(
                "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
            statement.setString(1, name);
            statement.setLong(2, value);
            statement.executeUpdate();
        }
    }
}
