package dev.capstan.store.embedded;

import dev.capstan.store.CompactedException;
import dev.capstan.store.InvalidStoreRequestException;
import dev.capstan.store.ContinueToken;
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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default store: SQLite in one data directory, in-process, durable. A write returns only after its
 * transaction is fsynced; concurrent writes share that fsync (see {@link GroupCommitWriter}). Why SQLite and
 * not RocksDB is in {@code docs/architecture.md}, with the figures in {@code docs/benchmarks.md}.
 */
public final class EmbeddedStorage implements Storage {

    private final SqliteDatabase database;
    private final Connection writerConnection;
    private final ReadConnectionPool readers;
    private final WatchHub hub;
    private final GroupCommitWriter writer;
    private final int maxWatchBacklog;
    /** Raised before a compaction deletes anything, so a read that overlaps it finds out afterwards. */
    private final AtomicLong compactedRevision;

    private EmbeddedStorage(EmbeddedStorageOptions options) {
        this.database = new SqliteDatabase(options.dataDir());
        this.writerConnection = database.open();
        long revision = startRevision(writerConnection);
        this.compactedRevision = new AtomicLong(readMeta(writerConnection, LogQueries.COMPACT_REVISION));
        this.readers = new ReadConnectionPool(database, options.readConnections());
        this.hub = new WatchHub(revision);
        this.writer = new GroupCommitWriter(writerConnection, revision, hub::publish);
        this.maxWatchBacklog = options.maxWatchBacklog();
    }

    /** Opens (creating if needed) the store in {@code options.dataDir()}. */
    public static EmbeddedStorage open(EmbeddedStorageOptions options) {
        return new EmbeddedStorage(options);
    }

    /** The SQLite file of the store in {@code dataDir} (it may not exist yet). */
    public static Path databaseFile(Path dataDir) {
        return dataDir.resolve(SqliteDatabase.FILE_NAME);
    }

    /** Opens the store in {@code dataDir} with default options. */
    public static EmbeddedStorage open(Path dataDir) {
        return open(EmbeddedStorageOptions.of(dataDir));
    }

    private static long startRevision(Connection connection) {
        try {
            return Math.max(LogQueries.maxRevision(connection), LogQueries.meta(connection, LogQueries.RESTORED_REVISION));
        } catch (SQLException e) {
            throw new StoreException("cannot read the store's revision: " + e.getMessage(), e);
        }
    }

    private static long readMeta(Connection connection, String name) {
        try {
            return LogQueries.meta(connection, name);
        } catch (SQLException e) {
            throw new StoreException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<KeyValue> get(String key) {
        StorageLimits.checkKey(key);
        LogRow row = readers.read(c -> LogQueries.latest(c, KeyRange.bytes(key)));
        return row == null || row.deleted() ? Optional.empty() : Optional.of(row.toKeyValue());
    }

    @Override
    public ListResult list(String prefix, ListOptions options) {
        StorageLimits.checkPrefix(prefix);
        byte[] from = KeyRange.bytes(prefix);
        byte[] to = KeyRange.prefixEnd(from);
        long revision = options.revision() == 0 ? writer.committedRevision() : options.revision();
        if (options.continueToken() != null) {
            ContinueToken token = ContinueToken.decode(options.continueToken());
            revision = token.revision();
            from = KeyRange.after(token.lastKey());
        }
        long atRevision = revision;
        if (atRevision > writer.committedRevision()) {
            throw new InvalidStoreRequestException(
                    "revision " + atRevision + " is in the future; current is " + writer.committedRevision());
        }
        byte[] start = from;
        int limit = options.limit() == 0 ? Integer.MAX_VALUE : options.limit();
        checkNotCompacted(atRevision);
        List<KeyValue> items = readers.read(c -> LogQueries.list(c, start, to, atRevision,
                limit == Integer.MAX_VALUE ? -1 : limit + 1));
        // the list is one snapshot; a compaction that began before it may have removed rows it needed
        checkNotCompacted(atRevision);
        if (items.size() > limit) {
            List<KeyValue> page = new ArrayList<>(items.subList(0, limit));
            String next = new ContinueToken(atRevision, page.get(page.size() - 1).key()).encode();
            return new ListResult(page, atRevision, next);
        }
        return new ListResult(items, atRevision, null);
    }

    private void checkNotCompacted(long revision) {
        long compacted = compactedRevision();
        if (revision < compacted) {
            throw new CompactedException(revision, compacted);
        }
    }

    @Override
    public long create(String key, byte[] value) {
        StorageLimits.checkKey(key);
        StorageLimits.checkValue(value);
        return writer.submit(KeyWrites.create(key, value.clone()));
    }

    @Override
    public long update(String key, byte[] value, long expectedRevision) {
        StorageLimits.checkKey(key);
        StorageLimits.checkValue(value);
        return writer.submit(KeyWrites.update(key, value.clone(), expectedRevision));
    }

    @Override
    public long delete(String key, long expectedRevision) {
        StorageLimits.checkKey(key);
        return writer.submit(KeyWrites.delete(key, expectedRevision));
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        StorageLimits.checkPrefix(prefix);
        long compacted = compactedRevision();
        if (afterRevision + 1 < compacted) {
            throw new CompactedException(afterRevision, compacted);
        }
        EmbeddedWatch watch = new EmbeddedWatch(prefix, afterRevision, listener, maxWatchBacklog, hub, readers,
                compactedRevision::get);
        watch.start();
        return watch;
    }

    @Override
    public long currentRevision() {
        return writer.committedRevision();
    }

    @Override
    public long compactedRevision() {
        return compactedRevision.get();
    }

    @Override
    public void compact(long revision) {
        writer.submit(Maintenance.compact(revision, compactedRevision));
    }

    @Override
    public long snapshot(Path file) {
        return SnapshotFile.write(this, file);
    }

    @Override
    public void restore(Path file) {
        restore(file, 0);
    }

    /**
     * Loads a snapshot into this empty store, keeping every key's create and mod revision, and moves the store's
     * revision to at least {@code revisionFloor}: etcdutl's {@code snapshot restore --bump-revision --mark-compacted}.
     * Pass a revision past the one of the store being replaced, so resourceVersions never go backwards for clients
     * that saw it; everything before the new revision counts as compacted, so such clients' watches and lists from
     * their old resourceVersions fail with "compacted" (410 Gone) and they relist, rather than silently missing the
     * changes between the snapshot and the replaced store.
     *
     * @return the store's revision after the restore
     */
    public long restore(Path file, long revisionFloor) {
        List<KeyValue> rows = new ArrayList<>();
        long revision = SnapshotFile.read(file, rows::add);
        return writer.submit(Maintenance.restore(rows, Math.max(revision, revisionFloor), compactedRevision));
    }

    @Override
    public long databaseSizeBytes() {
        return database.sizeBytes();
    }

    /** The number of open watches (for metrics and tests). */
    public int watchCount() {
        return hub.size();
    }

    @Override
    public void close() {
        writer.close();
        hub.closeAll(new StoreUnavailableException("the store is closed", null));
        readers.close();
        try {
            writerConnection.close();
        } catch (SQLException e) {
            // closing
        }
    }
}
