package dev.capstan.store.etcd;

import dev.capstan.store.CompactedException;
import dev.capstan.store.InvalidStoreRequestException;
import dev.capstan.store.StoreException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction for {@link EtcdStorage}: performing it, and knowing the last compaction revision.
 *
 * <p>etcd v3.4 has no call that returns its compaction revision: a range read below it fails with "required
 * revision has been compacted" without saying where the compaction is, and only a cancelled watch carries the
 * number. So the tracker learns it from {@link #compact}, from cancelled watches ({@link #observed}), and, after a
 * compacted read, by {@link #learn probing}: a watch from revision 1, which etcd cancels at once with the
 * compaction revision. The value only grows; it may lag a compaction made by another client until this one
 * trips over it.
 */
final class CompactionTracker {

    private static final Logger LOG = LoggerFactory.getLogger(CompactionTracker.class);

    /** A key no store key can be (keys start with '/'), so the probe watch never matches a real change. */
    private static final ByteSequence PROBE_KEY = ByteSequence.from(new byte[] {0});

    private final EtcdConnection connection;
    private final EtcdCalls calls;
    private final EtcdStorageOptions options;
    private final AtomicLong compacted = new AtomicLong();

    CompactionTracker(EtcdConnection connection, EtcdCalls calls, EtcdStorageOptions options) {
        this.connection = connection;
        this.calls = calls;
        this.options = options;
    }

    /** The last compaction revision known. */
    long get() {
        return compacted.get();
    }

    /** Records a compaction revision seen somewhere; lower values than the one known are ignored. */
    void observed(long revision) {
        compacted.accumulateAndGet(revision, Math::max);
    }

    /**
     * Compacts etcd at {@code revision}, physically (returns once etcd has dropped the old versions from its
     * database). A revision at or below an earlier compaction is a no-op; one past the current revision is refused.
     */
    void compact(long revision) {
        if (revision <= compacted.get()) {
            return;
        }
        calls.write("compact " + revision, options.maintenanceTimeout(),
                () -> connection.kv().compact(revision, CompactOption.builder().withCompactPhysical(true).build())
                        .handle((response, error) -> {
                            if (error == null || EtcdErrors.isCompacted(error)) {
                                return Boolean.TRUE; // compacted now, or already at or past this revision
                            }
                            throw new CompletionException(EtcdErrors.unwrap(error));
                        }),
                error -> EtcdErrors.isFutureRevision(error) ? new InvalidStoreRequestException(
                        "cannot compact revision " + revision + ": it is newer than the current revision") : null);
        observed(revision);
    }

    /**
     * etcd's answers to a read at an explicit revision, as the store's exceptions: compacted becomes
     * {@link CompactedException} (with the compaction revision learned from etcd), a future revision
     * {@link InvalidStoreRequestException}; anything else null.
     */
    StoreException answer(Throwable error, long requestedRevision) {
        if (EtcdErrors.isCompacted(error)) {
            return new CompactedException(requestedRevision, learn(requestedRevision));
        }
        if (EtcdErrors.isFutureRevision(error)) {
            return new InvalidStoreRequestException(
                    "revision " + requestedRevision + " is newer than the store's current revision");
        }
        return null;
    }

    /**
     * Asks etcd for its compaction revision, after a read failed because {@code requestedRevision} was compacted.
     * Only call it then: on a store never compacted, the probe watch would replay history instead of being
     * cancelled. If etcd does not tell in time, assumes the compaction is at least just past the request.
     */
    private long learn(long requestedRevision) {
        observed(requestedRevision + 1);
        CompletableFuture<Long> answer = new CompletableFuture<>();
        Watch.Watcher watcher = null;
        try {
            watcher = connection.watch().watch(PROBE_KEY, WatchOption.builder().withRevision(1).build(),
                    Watch.listener((WatchResponse response) -> { }, error -> {
                        if (error instanceof io.etcd.jetcd.common.exception.CompactedException compactedError) {
                            answer.complete(compactedError.getCompactedRevision());
                        } else {
                            answer.completeExceptionally(error);
                        }
                    }));
            observed(answer.get(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("could not learn etcd's compaction revision: {}", EtcdErrors.describe(e));
        } finally {
            if (watcher != null) {
                watcher.close();
            }
        }
        return compacted.get();
    }
}
