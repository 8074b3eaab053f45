package dev.capstan.store.etcd;

import dev.capstan.store.CompactedException;
import dev.capstan.store.ContinueToken;
import dev.capstan.store.InvalidStoreRequestException;
import dev.capstan.store.KeyRange;
import dev.capstan.store.KeyValue;
import dev.capstan.store.ListOptions;
import dev.capstan.store.ListResult;
import dev.capstan.store.SnapshotFile;
import dev.capstan.store.Storage;
import dev.capstan.store.StorageLimits;
import dev.capstan.store.StoreException;
import dev.capstan.store.StoreUnavailableException;
import dev.capstan.store.Watch;
import dev.capstan.store.WatchListener;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Storage} on an etcd v3 cluster through jetcd.
 *
 * <p>Keys are etcd keys verbatim (their UTF-8 bytes) and etcd's revision is the store's revision: a key's create
 * and mod revisions are etcd's, and a write returns the revision of etcd's transaction. Writes are etcd
 * transactions comparing the key's create or mod revision, so a failed compare costs one round trip and the
 * exception carries the current value read in the same transaction.
 *
 * <p>Failure handling: every call has a timeout ({@link EtcdStorageOptions#requestTimeout()}) and passes a
 * circuit breaker; reads are retried a few times with exponential backoff, writes never (see {@link EtcdCalls}).
 * While etcd is unreachable calls fail within about the timeout, and at once while the breaker is open, with
 * {@link StoreUnavailableException}; once etcd is back, jetcd reconnects and calls succeed again.
 *
 * <p>Compaction: etcd v3.4 cannot be asked for its compaction revision, so {@link #compactedRevision()} is the
 * last one this client made or learned of (see {@link CompactionTracker}).
 *
 * <p>Snapshots use the portable {@link SnapshotFile} format, not etcd's own. {@link #restore} cannot keep the
 * snapshot's revisions: etcd assigns its own, so restored keys get new (and, per batch, shared) create and mod
 * revisions, and clients must list again after a restore.
 */
public final class EtcdStorage implements Storage {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final EtcdStorageOptions options;
    private final EtcdConnection connection;
    private final EtcdCalls calls;
    private final EtcdWrites writes;
    private final CompactionTracker compaction;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService deliveryPool;
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Connects lazily: the constructor succeeds even while etcd is down, and the first call finds out. */
    public EtcdStorage(EtcdStorageOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        int instance = INSTANCES.incrementAndGet();
        this.connection = new EtcdConnection(options);
        // Each time the breaker lets trial calls through, give them a fresh connection (see EtcdConnection).
        this.calls = new EtcdCalls("etcd-storage-" + instance, options, connection::renew);
        this.writes = new EtcdWrites(connection, calls);
        this.compaction = new CompactionTracker(connection, calls, options);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                new DaemonThreads("capstan-etcd-watch-timer-" + instance));
        this.deliveryPool = Executors.newCachedThreadPool(new DaemonThreads("capstan-etcd-watch-" + instance));
    }

    /** The same as the constructor, named like {@code EmbeddedStorage.open}. */
    public static EtcdStorage open(EtcdStorageOptions options) {
        return new EtcdStorage(options);
    }

    /** The options this store was made with. */
    public EtcdStorageOptions options() {
        return options;
    }

    @Override
    public Optional<KeyValue> get(String key) {
        StorageLimits.checkKey(key);
        ensureOpen();
        GetResponse response = calls.read("get " + key, () -> connection.kv().get(EtcdKeys.key(key)));
        return response.getKvs().stream().findFirst().map(EtcdKeys::toKeyValue);
    }

    @Override
    public ListResult list(String prefix, ListOptions listOptions) {
        StorageLimits.checkPrefix(prefix);
        Objects.requireNonNull(listOptions, "options");
        ensureOpen();
        long revision = listOptions.revision();
        ByteSequence start = EtcdKeys.key(prefix);
        if (listOptions.continueToken() != null) {
            ContinueToken token = ContinueToken.decode(listOptions.continueToken());
            if (!token.lastKey().startsWith(prefix)) {
                throw new InvalidStoreRequestException("continue token does not belong to a list of " + prefix);
            }
            revision = token.revision();
            start = ByteSequence.from(KeyRange.after(token.lastKey()));
        }
        GetOption.Builder get = GetOption.builder()
                .withRange(EtcdKeys.prefixEnd(prefix))
                .withRevision(revision)
                .withSortField(GetOption.SortTarget.KEY)
                .withSortOrder(GetOption.SortOrder.ASCEND);
        if (listOptions.limit() > 0) {
            get.withLimit(listOptions.limit());
        }
        GetOption option = get.build();
        ByteSequence from = start;
        long requested = revision;
        GetResponse response = calls.read("list " + prefix, () -> connection.kv().get(from, option),
                error -> compaction.answer(error, requested));
        long readAt = revision > 0 ? revision : response.getHeader().getRevision();
        List<KeyValue> items = response.getKvs().stream().map(EtcdKeys::toKeyValue).toList();
        String next = response.isMore() && !items.isEmpty()
                ? new ContinueToken(readAt, items.get(items.size() - 1).key()).encode()
                : null;
        return new ListResult(items, readAt, next);
    }

    @Override
    public long create(String key, byte[] value) {
        StorageLimits.checkKey(key);
        StorageLimits.checkValue(value);
        ensureOpen();
        return writes.create(key, value);
    }

    @Override
    public long update(String key, byte[] value, long expectedRevision) {
        StorageLimits.checkKey(key);
        StorageLimits.checkValue(value);
        requireRevision(expectedRevision);
        ensureOpen();
        return writes.update(key, value, expectedRevision);
    }

    @Override
    public long delete(String key, long expectedRevision) {
        StorageLimits.checkKey(key);
        requireRevision(expectedRevision);
        ensureOpen();
        return writes.delete(key, expectedRevision);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Before the stream opens, one read at revision {@code afterRevision + 1} checks that etcd is reachable
     * and that the revision is not compacted, so both failures are thrown here rather than reported later.
     * A compaction between that check and the stream ends the watch with {@link CompactedException}; losing etcd
     * for longer than {@link EtcdStorageOptions#watchReconnectTimeout()} ends it with
     * {@link StoreUnavailableException}; shorter outages are bridged by re-opening the stream where it stopped.
     */
    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        StorageLimits.checkPrefix(prefix);
        Objects.requireNonNull(listener, "listener");
        requireRevision(afterRevision);
        ensureOpen();
        long from = afterRevision + 1;
        GetOption probe = GetOption.builder().withRange(EtcdKeys.prefixEnd(prefix)).withRevision(from)
                .withCountOnly(true).build();
        calls.read("watch " + prefix, () -> connection.kv().get(EtcdKeys.key(prefix), probe)
                .handle((response, error) -> {
                    // A start in the future is fine for a watch: it waits for the revision.
                    if (error == null || EtcdErrors.isFutureRevision(error)) {
                        return Boolean.TRUE;
                    }
                    throw new CompletionException(EtcdErrors.unwrap(error));
                }), error -> compaction.answer(error, from));
        WatchDelivery delivery = new WatchDelivery(listener, deliveryPool, options.watchQueueCapacity());
        EtcdWatch watch = new EtcdWatch(connection::watch, prefix, afterRevision, delivery, scheduler,
                compaction, options, watches::remove);
        watches.add(watch);
        if (closed) {
            watch.fail(new StoreException("the store is closed"));
        } else {
            watch.start();
        }
        return watch;
    }

    @Override
    public long currentRevision() {
        ensureOpen();
        // Any key will do: only the response header's revision is wanted.
        GetOption countOnly = GetOption.builder().withCountOnly(true).build();
        return calls.read("currentRevision", () -> connection.kv().get(EtcdKeys.key("/"), countOnly))
                .getHeader().getRevision();
    }

    @Override
    public long compactedRevision() {
        return compaction.get();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A physical compaction: it returns once etcd has removed the old versions from its database, which can take
     * up to {@link EtcdStorageOptions#maintenanceTimeout()}. Compacting at or below an earlier compaction does
     * nothing; compacting past the current revision is refused with {@link InvalidStoreRequestException}.
     */
    @Override
    public void compact(long revision) {
        if (revision <= 0) {
            throw new InvalidStoreRequestException("compaction revision must be positive: " + revision);
        }
        ensureOpen();
        compaction.compact(revision);
    }

    @Override
    public long snapshot(Path file) {
        ensureOpen();
        return SnapshotFile.write(this, file);
    }

    /**
     * {@inheritDoc}
     *
     * <p>etcd cannot be told which revision to give a write, so the snapshot's revisions are not kept: keys are
     * written in key order in transactions of up to 100 keys, and each key's create and mod revision is that of
     * its transaction. A failure part way leaves the keys of the batches written so far; the store is then not
     * empty and a new restore is refused until they are deleted.
     */
    @Override
    public void restore(Path file) {
        Objects.requireNonNull(file, "file");
        ensureOpen();
        GetOption countUnderRoot = GetOption.builder().withRange(EtcdKeys.prefixEnd("/")).withCountOnly(true).build();
        long count = calls.read("restore: count keys",
                () -> connection.kv().get(EtcdKeys.key("/"), countUnderRoot)).getCount();
        if (count > 0) {
            throw new InvalidStoreRequestException("restore needs an empty store, but it holds " + count + " keys");
        }
        new EtcdRestore(connection, calls, options.maintenanceTimeout()).restore(file);
    }

    /**
     * Deletes every key under {@code /} in one request (an etcd delete-range, so it is atomic), for a restore over
     * a store that holds data; take a snapshot first. Keys outside {@code /} (not Capstan's) are left alone.
     *
     * @return the revision of the delete
     */
    public long deleteAll() {
        ensureOpen();
        DeleteOption everything = DeleteOption.builder().withRange(EtcdKeys.prefixEnd("/")).build();
        return calls.write("delete all keys", options.maintenanceTimeout(),
                () -> connection.kv().delete(EtcdKeys.key("/"), everything), null).getHeader().getRevision();
    }

    /** The database size reported by the first endpoint that answers (each member has its own copy). */
    @Override
    public long databaseSizeBytes() {
        ensureOpen();
        StoreUnavailableException last = null;
        for (URI endpoint : options.endpoints()) {
            try {
                return calls.read("status of " + endpoint,
                        () -> connection.maintenance().statusMember(endpoint.toString())).getDbSize();
            } catch (StoreUnavailableException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Ends every open watch with a {@link StoreException}, then closes the connections. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (EtcdWatch watch : List.copyOf(watches)) {
            watch.fail(new StoreException("the store was closed"));
        }
        scheduler.shutdownNow();
        connection.close();
        // Let the final onError calls already queued run; the threads are daemons and end when idle.
        deliveryPool.shutdown();
    }

    private static void requireRevision(long revision) {
        if (revision < 0) {
            throw new InvalidStoreRequestException("revision must not be negative: " + revision);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("the etcd store is closed");
        }
    }
}
