package dev.capstan.store.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The other embedded candidate, measured as an engine: what a create of the embedded store would cost on
 * RocksDB with the same durability. Each create reads the key (the compare of compare-and-swap), then writes
 * the log row and the key index in one synced batch; RocksDB's write thread group-commits concurrent synced
 * batches itself. The compare and the write are made atomic per key with a striped lock, as a RocksDB-backed
 * store would have to.
 */
final class RocksDbCandidate implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private final RocksDB db;
    private final Options options;
    private final WriteOptions sync = new WriteOptions().setSync(true);
    private final AtomicLong revision = new AtomicLong();
    private final Object[] stripes = new Object[64];

    RocksDbCandidate(Path dir) throws RocksDBException {
        options = new Options().setCreateIfMissing(true);
        db = RocksDB.open(options, dir.toString());
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    void create(String key, byte[] value) throws RocksDBException {
        byte[] indexKey = ("k" + key).getBytes(StandardCharsets.UTF_8);
        synchronized (stripes[Math.floorMod(key.hashCode(), stripes.length)]) {
            if (db.get(indexKey) != null) {
                throw new IllegalStateException("exists: " + key);
            }
            long rev = revision.incrementAndGet();
            byte[] logKey = ByteBuffer.allocate(9).put((byte) 'l').putLong(rev).array();
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(logKey, value);
                batch.put(indexKey, ByteBuffer.allocate(8).putLong(rev).array());
                db.write(sync, batch);
            }
        }
    }

    @Override
    public void close() {
        sync.close();
        db.close();
        options.close();
    }
}
