package dev.capstan.store;

import java.util.Arrays;

/**
 * One version of a key.
 *
 * @param key the key
 * @param value the bytes stored (the store never looks inside them)
 * @param createRevision the revision at which the key was created
 * @param modRevision the revision of the write that produced this version
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyValue kv && key.equals(kv.key) && Arrays.equals(value, kv.value)
                && createRevision == kv.createRevision && modRevision == kv.modRevision;
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Long.hashCode(modRevision);
    }

    @Override
    public String toString() {
        return "KeyValue[key=" + key + ", bytes=" + value.length + ", createRevision=" + createRevision
                + ", modRevision=" + modRevision + "]";
    }
}
