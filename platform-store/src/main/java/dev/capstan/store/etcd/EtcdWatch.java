package dev.capstan.store.etcd;

import dev.capstan.store.CompactedException;
import dev.capstan.store.StoreException;
import dev.capstan.store.StoreUnavailableException;
import dev.capstan.store.Watch;
import dev.capstan.store.WatchEvent;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link dev.capstan.store.Storage#watch}: a jetcd watch stream over a key range that is re-opened from the
 * next undelivered revision whenever it breaks, until etcd has been unreachable for {@code reconnectTimeout}.
 *
 * <p>Why not let jetcd resume the stream itself: jetcd's watcher resumes from the header revision of its
 * "created" response, which can skip events that were queued but not yet sent when the stream broke. Here the
 * watch tracks the revision after the last event it delivered and resumes exactly there, dropping any event it
 * has already seen, so every change is delivered once and in order.
 *
 * <p>The stream is opened through a supplier of the current jetcd watch client, because {@link EtcdConnection} may
 * replace the client after an outage.
 *
 * <p>Locking: the state is guarded by {@code this}, and no jetcd method is ever called while holding it, because
 * jetcd calls {@code onError} while holding its own lock (taking ours second) and we must not take them in the
 * opposite order.
 */
final class EtcdWatch implements Watch {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);
    private static final long REOPEN_DELAY_MILLIS = 300;

    /** Errors that will not go away by reconnecting: the watch ends at once. */
    private static final Set<ErrorCode> PERMANENT = EnumSet.of(ErrorCode.INVALID_ARGUMENT,
            ErrorCode.PERMISSION_DENIED, ErrorCode.UNAUTHENTICATED, ErrorCode.FAILED_PRECONDITION,
            ErrorCode.OUT_OF_RANGE, ErrorCode.NOT_FOUND, ErrorCode.UNIMPLEMENTED);

    private final Supplier<io.etcd.jetcd.Watch> client;
    private final String prefix;
    private final ByteSequence rangeStart;
    private final ByteSequence rangeEnd;
    private final WatchDelivery delivery;
    private final ScheduledExecutorService scheduler;
    private final CompactionTracker compaction;
    private final Duration reconnectTimeout;
    private final Duration createTimeout;
    private final Consumer<EtcdWatch> onEnd;

    // Guarded by this.
    private long nextRevision;
    private Stream current;
    private long failingSinceNanos = -1;
    private boolean ended;

    EtcdWatch(Supplier<io.etcd.jetcd.Watch> client, String prefix, long afterRevision, WatchDelivery delivery,
            ScheduledExecutorService scheduler, CompactionTracker compaction, EtcdStorageOptions options,
            Consumer<EtcdWatch> onEnd) {
        this.client = client;
        this.prefix = prefix;
        this.rangeStart = EtcdKeys.key(prefix);
        this.rangeEnd = EtcdKeys.prefixEnd(prefix);
        this.nextRevision = afterRevision + 1;
        this.delivery = delivery;
        this.scheduler = scheduler;
        this.compaction = compaction;
        this.reconnectTimeout = options.watchReconnectTimeout();
        this.createTimeout = options.requestTimeout();
        this.onEnd = onEnd;
    }

    /** Opens the first stream. */
    void start() {
        open();
    }

    @Override
    public void close() {
        Stream stream;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            stream = current;
            current = null;
        }
        delivery.cancel();
        if (stream != null) {
            stream.close();
        }
        onEnd.accept(this);
    }

    /** Ends the watch, telling the listener why (after the events already queued). */
    void fail(StoreException error) {
        Stream stream;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            stream = current;
            current = null;
        }
        if (stream != null) {
            stream.close();
        }
        delivery.finish(error);
        onEnd.accept(this);
    }

    private void open() {
        Stream stream;
        long from;
        synchronized (this) {
            if (ended || current != null) {
                return;
            }
            stream = new Stream();
            current = stream;
            from = nextRevision;
        }
        WatchOption option = WatchOption.builder()
                .withRange(rangeEnd)
                .withRevision(from)
                .withPrevKV(true)
                .withCreateNotify(true)
                // A member cut off from its cluster cancels the watch instead of serving a stale stream.
                .withRequireLeader(true)
                .build();
        try {
            stream.attach(client.get().watch(rangeStart, option, stream));
        } catch (RuntimeException e) {
            onStreamError(stream, e);
            return;
        }
        try {
            scheduler.schedule(() -> checkCreated(stream), createTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            fail(closedError());
        }
    }

    /** Schedules the next stream; returns the error that ends the watch if the store is shutting down. */
    private StoreException scheduleReopen() {
        try {
            scheduler.schedule(this::open, REOPEN_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            return null;
        } catch (RejectedExecutionException e) {
            return closedError();
        }
    }

    private StoreException closedError() {
        return new StoreException("watch of " + prefix + " ended: the store is closed");
    }

    private void onResponse(Stream stream, WatchResponse response) {
        boolean overflow = false;
        synchronized (this) {
            if (ended || stream != current) {
                return;
            }
            stream.created = true;
            failingSinceNanos = -1;
            long last = -1;
            for (io.etcd.jetcd.watch.WatchEvent raw : response.getEvents()) {
                WatchEvent event = EtcdKeys.toWatchEvent(raw);
                if (event.revision() < nextRevision) {
                    continue; // already delivered before the stream was re-opened
                }
                if (!delivery.offer(event)) {
                    overflow = true;
                    break;
                }
                last = event.revision();
            }
            // etcd never splits one revision's events over two responses, so resuming after it is exact.
            if (last >= nextRevision) {
                nextRevision = last + 1;
            }
        }
        if (overflow) {
            fail(new StoreException("watch of " + prefix + " ended: the listener fell behind"));
        }
    }

    private void checkCreated(Stream stream) {
        synchronized (this) {
            if (ended || stream != current || stream.created) {
                return;
            }
        }
        onStreamError(stream, new TimeoutException("etcd did not confirm the watch within " + createTimeout));
    }

    private void onStreamError(Stream stream, Throwable error) {
        StoreException terminal = null;
        synchronized (this) {
            if (!ended && stream == current) {
                current = null;
                terminal = classify(error);
                if (terminal == null) {
                    LOG.debug("watch of {} lost its stream, re-opening from revision {}: {}", prefix, nextRevision,
                            EtcdErrors.describe(error));
                    terminal = scheduleReopen();
                }
                if (terminal != null) {
                    ended = true;
                }
            }
        }
        stream.close();
        if (terminal != null) {
            delivery.finish(terminal);
            onEnd.accept(this);
        }
    }

    /** The error that ends the watch, or null to re-open the stream. Called holding the lock. */
    private StoreException classify(Throwable error) {
        Throwable cause = EtcdErrors.unwrap(error);
        if (cause instanceof io.etcd.jetcd.common.exception.CompactedException compacted) {
            compaction.observed(compacted.getCompactedRevision());
            return new CompactedException(nextRevision, compacted.getCompactedRevision());
        }
        if (cause instanceof EtcdException etcd && PERMANENT.contains(etcd.getErrorCode())
                && !EtcdErrors.isUnavailable(cause)) {
            return new StoreException("watch of " + prefix + " failed: " + EtcdErrors.describe(cause), cause);
        }
        long now = System.nanoTime();
        if (failingSinceNanos < 0) {
            failingSinceNanos = now;
        } else if (now - failingSinceNanos >= reconnectTimeout.toNanos()) {
            return new StoreUnavailableException("watch of " + prefix + " ended: etcd unreachable for more than "
                    + reconnectTimeout.toMillis() + " ms (" + EtcdErrors.describe(cause) + ")", cause);
        }
        return null;
    }

    /** One jetcd watch stream; a broken stream is closed and replaced by a new one. */
    private final class Stream implements io.etcd.jetcd.Watch.Listener {

        private volatile io.etcd.jetcd.Watch.Watcher watcher;
        private volatile boolean closed;
        private boolean created; // guarded by EtcdWatch.this

        void attach(io.etcd.jetcd.Watch.Watcher watcher) {
            this.watcher = watcher;
            if (closed) {
                watcher.close(); // closed before jetcd returned the watcher
            }
        }

        void close() {
            closed = true;
            io.etcd.jetcd.Watch.Watcher w = watcher;
            if (w != null) {
                w.close();
            }
        }

        @Override
        public void onNext(WatchResponse response) {
            onResponse(this, response);
        }

        @Override
        public void onError(Throwable error) {
            onStreamError(this, error);
        }

        @Override
        public void onCompleted() {
            // Closed by us: nothing to do. Otherwise the server ended the stream or the client was replaced
            // (EtcdConnection.renew): treat it as a broken stream and re-open.
            if (!closed) {
                onStreamError(this, new IllegalStateException("etcd ended the watch stream"));
            }
        }
    }
}
