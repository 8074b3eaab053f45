package dev.capstan.store.embedded;

import dev.capstan.store.KeyValue;

/**
 * One row of the log table: a version of a key, or a tombstone.
 *
 * @param revision the row's revision (its primary key)
 * @param key the key
 * @param createRevision when the key was created (for a tombstone: when the deleted incarnation was)
 * @param previousRevision the row this one replaced, or 0
 * @param deleted whether this row is a tombstone
 * @param value the value, null for a tombstone
 */
record LogRow(long revision, String key, long createRevision, long previousRevision, boolean deleted, byte[] value) {

    KeyValue toKeyValue() {
        return new KeyValue(key, value, createRevision, revision);
    }
}
