package dev.capstan.store.embedded;

import dev.capstan.store.CompactedException;
import dev.capstan.store.KeyRange;
import dev.capstan.store.StoreException;
import dev.capstan.store.Watch;
import dev.capstan.store.WatchEvent;
import dev.capstan.store.WatchListener;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch of the embedded store, with its own delivery thread: it first replays the log from the requested
 * revision up to the revision at which it joined the hub, then delivers live events from its queue. A watch
 * whose queue grows past {@code maxBacklog} is ended, so a slow listener never holds up the writer or the
 * other watches.
 */
final class EmbeddedWatch implements Watch {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedWatch.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final int REPLAY_PAGE = 1000;
    private static final Object CLOSED = new Object();

    private final String prefix;
    private final long afterRevision;
    private final WatchListener listener;
    private final int maxBacklog;
    private final WatchHub hub;
    private final ReadConnectionPool readers;
    private final LongSupplier compactedRevision;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger pendingEvents = new java.util.concurrent.atomic.AtomicInteger();
    /** Writer-thread state for coalescing progress marks (only the writer thread touches these two). */
    private Progress lastMarker;
    private boolean eventSinceMarker;
    private final Thread thread;
    private long replayUpTo;

    EmbeddedWatch(String prefix, long afterRevision, WatchListener listener, int maxBacklog, WatchHub hub,
            ReadConnectionPool readers, LongSupplier compactedRevision) {
        this.prefix = prefix;
        this.afterRevision = afterRevision;
        this.listener = listener;
        this.maxBacklog = maxBacklog;
        this.hub = hub;
        this.readers = readers;
        this.compactedRevision = compactedRevision;
        this.thread = new Thread(this::run, "capstan-watch-" + IDS.incrementAndGet());
        this.thread.setDaemon(true);
    }

    void start() {
        replayUpTo = hub.register(this);
        thread.start();
    }

    /** Queues an event if it is under this watch's prefix. Called by the writer thread; never blocks. */
    void offer(WatchEvent event) {
        if (!event.key().startsWith(prefix) || ended.get()) {
            return;
        }
        if (pendingEvents.get() >= maxBacklog) {
            fail(new StoreException("watch of " + prefix + " fell more than " + maxBacklog + " events behind"));
            return;
        }
        pendingEvents.incrementAndGet();
        queue.add(event);
        eventSinceMarker = true;
    }

    /**
     * Records progress: everything up to {@code revision} has been offered. Called by the writer thread after
     * a batch's events. Marks do not count towards the backlog and coalesce: while no event follows the last
     * queued mark, that mark is moved forward instead of queueing another.
     */
    void progress(long revision) {
        if (ended.get()) {
            return;
        }
        Progress last = lastMarker;
        if (last != null && !eventSinceMarker && !last.taken) {
            last.revision = revision;
            return;
        }
        Progress marker = new Progress(revision);
        lastMarker = marker;
        eventSinceMarker = false;
        queue.add(marker);
    }

    /** A progress mark in the queue; the writer may still move it forward until the delivery thread takes it. */
    private static final class Progress {
        volatile long revision;
        volatile boolean taken;

        Progress(long revision) {
            this.revision = revision;
        }
    }

    /** Ends the watch with an error the listener will see after the events already queued are dropped. */
    void fail(StoreException error) {
        if (ended.compareAndSet(false, true)) {
            hub.remove(this);
            queue.clear();
            queue.add(error);
        }
    }

    @Override
    public void close() {
        if (ended.compareAndSet(false, true)) {
            hub.remove(this);
            queue.clear();
            queue.add(CLOSED);
        }
    }

    private void run() {
        try {
            long delivered = replay();
            while (true) {
                Object item = queue.take();
                if (item == CLOSED) {
                    return;
                }
                if (item instanceof StoreException error) {
                    listener.onError(error);
                    return;
                }
                if (item instanceof Progress progress) {
                    progress.taken = true;
                    long revision = progress.revision;
                    if (revision > delivered) {
                        listener.onProgress(revision);
                    }
                    continue;
                }
                pendingEvents.decrementAndGet();
                WatchEvent event = (WatchEvent) item;
                if (event.revision() > delivered) {
                    listener.onEvent(event);
                    delivered = event.revision();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StoreException e) {
            close();
            listener.onError(e);
        } catch (RuntimeException e) {
            log.warn("event=watch_listener_failed prefix={} error={}", prefix, e.toString());
            close();
            listener.onError(new StoreException("watch listener failed: " + e, e));
        }
    }

    /** Delivers the logged changes in (afterRevision, replayUpTo]; returns the last revision delivered. */
    private long replay() {
        byte[] from = KeyRange.bytes(prefix);
        byte[] to = KeyRange.prefixEnd(from);
        long delivered = afterRevision;
        while (delivered < replayUpTo && !ended.get()) {
            long after = delivered;
            List<WatchEvent> page = readers.read(c -> LogQueries.history(c, from, to, after, replayUpTo, REPLAY_PAGE));
            // a compaction that committed before the page was read may have removed rows of it
            long compacted = compactedRevision.getAsLong();
            if (compacted > after + 1) {
                throw new CompactedException(after, compacted);
            }
            for (WatchEvent event : page) {
                listener.onEvent(event);
            }
            delivered = page.size() < REPLAY_PAGE ? replayUpTo : page.get(page.size() - 1).revision();
        }
        return Math.max(delivered, afterRevision);
    }
}
