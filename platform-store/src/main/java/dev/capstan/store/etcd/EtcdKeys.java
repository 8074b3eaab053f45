package dev.capstan.store.etcd;

import dev.capstan.store.KeyRange;
import dev.capstan.store.KeyValue;
import dev.capstan.store.WatchEvent;
import io.etcd.jetcd.ByteSequence;

/**
 * Conversions between the store's types and jetcd's. Keys go to etcd verbatim as their UTF-8 bytes, so what an
 * operator sees with {@code etcdctl get --prefix /} is exactly the store's keys.
 */
final class EtcdKeys {

    private EtcdKeys() {
    }

    static ByteSequence key(String key) {
        return ByteSequence.from(KeyRange.bytes(key));
    }

    static ByteSequence bytes(byte[] bytes) {
        return ByteSequence.from(bytes);
    }

    /** The exclusive end of the range of keys starting with {@code prefix}. */
    static ByteSequence prefixEnd(String prefix) {
        return ByteSequence.from(KeyRange.prefixEnd(KeyRange.bytes(prefix)));
    }

    /** An etcd key-value as the store's; etcd's create and mod revisions are the store's revisions. */
    static KeyValue toKeyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(KeyRange.key(kv.getKey().getBytes()), kv.getValue().getBytes(),
                kv.getCreateRevision(), kv.getModRevision());
    }

    /**
     * An etcd watch event as the store's. A previous version etcd could not supply (the key was new, or the
     * previous version was compacted) comes as an empty key-value and is turned into null.
     */
    static WatchEvent toWatchEvent(io.etcd.jetcd.watch.WatchEvent event) {
        io.etcd.jetcd.KeyValue current = event.getKeyValue();
        io.etcd.jetcd.KeyValue prev = event.getPrevKV();
        KeyValue previous = prev == null || prev.getKey().isEmpty() ? null : toKeyValue(prev);
        String key = KeyRange.key(current.getKey().getBytes());
        long revision = current.getModRevision();
        return switch (event.getEventType()) {
            case PUT -> new WatchEvent(WatchEvent.Type.PUT, key, toKeyValue(current), previous, revision);
            case DELETE -> new WatchEvent(WatchEvent.Type.DELETE, key, null, previous, revision);
            default -> throw new IllegalStateException("unknown etcd watch event type " + event.getEventType());
        };
    }
}
