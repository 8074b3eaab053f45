package dev.capstan.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The cluster's state: keys mapped to opaque bytes, every change stamped with a cluster-wide revision.
 *
 * <p>The revision is a single counter that grows by one with every successful write (create, update or
 * delete) and never goes back, also across restarts. The API server exposes it as {@code resourceVersion}.
 * Writes are compare-and-swap on a key's {@link KeyValue#modRevision()}, which is how optimistic concurrency
 * (HTTP 409) is built.
 *
 * <p>Every method is thread-safe and blocking: callers on an event loop must hop to a worker thread. A
 * method returns only once its effect is durable (for the embedded store: fsynced; for etcd: committed by
 * a quorum). Failures are {@link StoreException} subclasses; an argument that is not a valid key or a
 * value over {@link StorageLimits#MAX_VALUE_BYTES} is refused with {@link InvalidStoreRequestException}
 * and nothing is written.
 */
public interface Storage extends AutoCloseable {

    /** Passed as {@code expectedRevision} to {@link #delete} to delete whatever revision the key has. */
    long ANY_REVISION = 0;

    /**
     * Reads the latest value of a key.
     *
     * @return the value, or empty if the key does not exist (never existed or was deleted)
     */
    Optional<KeyValue> get(String key);

    /**
     * Lists the keys under a prefix, in key order, as they were at one revision.
     *
     * <p>With {@link ListOptions#revision()} 0 the list is read at the current revision. A page carries a
     * continue token when more keys follow; the next page, read with that token, is read at the same
     * revision as the first, so a paginated list is one consistent snapshot.
     *
     * @throws CompactedException if the requested revision (or the token's) is older than the last compaction
     */
    ListResult list(String prefix, ListOptions options);

    /**
     * Creates a key that must not exist.
     *
     * @return the revision of the write, which is the new key's create and mod revision
     * @throws KeyExistsException if the key exists
     */
    long create(String key, byte[] value);

    /**
     * Replaces a key's value if its mod revision is still {@code expectedRevision}.
     *
     * @return the revision of the write
     * @throws KeyNotFoundException if the key does not exist
     * @throws RevisionConflictException if the key was changed since {@code expectedRevision}; the
     *         exception carries the current value
     */
    long update(String key, byte[] value, long expectedRevision);

    /**
     * Deletes a key if its mod revision is still {@code expectedRevision} (or unconditionally with
     * {@link #ANY_REVISION}).
     *
     * @return the revision of the delete
     * @throws KeyNotFoundException if the key does not exist
     * @throws RevisionConflictException if the key was changed since {@code expectedRevision}
     */
    long delete(String key, long expectedRevision);

    /**
     * Watches every key under a prefix for changes after {@code afterRevision}.
     *
     * <p>The listener gets every change with a revision greater than {@code afterRevision}, in revision
     * order, each exactly once, on a thread owned by the store, one call at a time. It must not block for
     * long. A watch ends with {@link WatchListener#onError} when it cannot go on (for instance the listener
     * fell too far behind, or the store closed); then the caller lists again and watches from the list's
     * revision.
     *
     * @throws CompactedException if events after {@code afterRevision} were compacted away and the store
     *         knows it at once; a store that learns it only when the watch starts (etcd) reports it through
     *         {@link WatchListener#onError} instead
     */
    Watch watch(String prefix, long afterRevision, WatchListener listener);

    /**
     * Whether the key's stored bytes are outdated although its value is not (for instance encrypted with a key
     * that is no longer the write key), so an update that changes nothing must still be written: upstream's
     * "stale" read, which is how {@code kubectl replace} rewrites Secrets with a new encryption key.
     */
    default boolean rewriteNeeded(String key) {
        return false;
    }

    /** The revision of the latest write. */
    long currentRevision();

    /** The revision of the last compaction: reads and watches older than it fail with {@link CompactedException}. */
    long compactedRevision();

    /**
     * Forgets the history older than {@code revision}: older versions of keys and deleted keys are dropped.
     * Lists at {@code revision} or later and watches of changes from {@code revision} on still work.
     */
    void compact(long revision);

    /**
     * Writes a consistent copy of every key at the current revision to {@code file} (a portable format, see
     * {@link SnapshotFile}), for backups.
     *
     * @return the revision the snapshot was taken at
     */
    long snapshot(Path file);

    /**
     * Loads a snapshot written by {@link #snapshot} into this store, which must hold no keys.
     *
     * @throws InvalidStoreRequestException if the store is not empty or the file is not a snapshot
     */
    void restore(Path file);

    /** The size of the backing database in bytes, for the {@code apiserver_storage_size_bytes} gauge. */
    long databaseSizeBytes();

    /** Releases connections and threads; open watches end. */
    @Override
    void close();
}
