package dev.capstan.store.etcd;

import dev.capstan.store.KeyValue;
import dev.capstan.store.SnapshotFile;
import dev.capstan.store.StorageLimits;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link SnapshotFile} into etcd in transactions of puts.
 *
 * <p>The file is read twice: once to check every record and the trailer, then to write. A damaged or truncated
 * file is so refused before anything is written, rather than half-restored.
 *
 * <p>Batches stay under etcd's defaults of 128 operations per transaction ({@code --max-txn-ops}) and 1.5 MiB per
 * request ({@code --max-request-bytes}). A key whose value alone is near that limit goes in a transaction of
 * its own.
 */
final class EtcdRestore {

    private static final int MAX_OPS = 100;
    private static final long MAX_BATCH_BYTES = 1024 * 1024;

    private final EtcdConnection connection;
    private final EtcdCalls calls;
    private final Duration timeout;
    private final List<Op> batch = new ArrayList<>();
    private long batchBytes;
    private long written;

    EtcdRestore(EtcdConnection connection, EtcdCalls calls, Duration timeout) {
        this.connection = connection;
        this.calls = calls;
        this.timeout = timeout;
    }

    /**
     * Checks, then writes, every record of {@code file}.
     *
     * @return how many keys were written
     */
    long restore(Path file) {
        SnapshotFile.read(file, kv -> {
            StorageLimits.checkKey(kv.key());
            StorageLimits.checkValue(kv.value());
        });
        SnapshotFile.read(file, this::add);
        flush();
        return written;
    }

    private void add(KeyValue record) {
        long size = record.key().length() * 4L + record.value().length;
        if (!batch.isEmpty() && (batch.size() >= MAX_OPS || batchBytes + size > MAX_BATCH_BYTES)) {
            flush();
        }
        batch.add(Op.put(EtcdKeys.key(record.key()), EtcdKeys.bytes(record.value()), PutOption.DEFAULT));
        batchBytes += size;
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        Op[] ops = batch.toArray(new Op[0]);
        // Not retried: plain puts are idempotent in content, but each attempt would add a revision.
        calls.write("restore (" + ops.length + " keys)", timeout, () -> connection.kv().txn().Then(ops).commit(), null);
        written += ops.length;
        batch.clear();
        batchBytes = 0;
    }
}
