package dev.capstan.store.embedded;

import dev.capstan.store.KeyExistsException;
import dev.capstan.store.KeyNotFoundException;
import dev.capstan.store.RevisionConflictException;
import dev.capstan.store.Storage;
import java.sql.SQLException;

/** The three key writes, each a compare-and-swap checked against the newest row inside the transaction. */
final class KeyWrites {

    private KeyWrites() {
    }

    static WriteRequest create(String key, byte[] value) {
        return new WriteRequest() {
            @Override
            long apply(WriteTransaction tx) throws SQLException {
                LogRow latest = tx.latest(key);
                if (latest != null && !latest.deleted()) {
                    throw new KeyExistsException(key);
                }
                return tx.put(key, value, null);
            }
        };
    }

    static WriteRequest update(String key, byte[] value, long expectedRevision) {
        return new WriteRequest() {
            @Override
            long apply(WriteTransaction tx) throws SQLException {
                return tx.put(key, value, checkedLatest(tx, key, expectedRevision));
            }
        };
    }

    static WriteRequest delete(String key, long expectedRevision) {
        return new WriteRequest() {
            @Override
            long apply(WriteTransaction tx) throws SQLException {
                return tx.delete(checkedLatest(tx, key, expectedRevision));
            }
        };
    }

    private static LogRow checkedLatest(WriteTransaction tx, String key, long expectedRevision) throws SQLException {
        LogRow latest = tx.latest(key);
        if (latest == null || latest.deleted()) {
            throw new KeyNotFoundException(key);
        }
        if (expectedRevision != Storage.ANY_REVISION && latest.revision() != expectedRevision) {
            throw new RevisionConflictException(key, expectedRevision, latest.toKeyValue());
        }
        return latest;
    }
}
