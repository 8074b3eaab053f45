package dev.capstan.store.etcd;

import dev.capstan.store.StoreException;
import dev.capstan.store.WatchEvent;
import dev.capstan.store.WatchListener;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one watch's events to its listener on the store's delivery threads, one call at a time, in the order they
 * were offered, followed by at most one {@link WatchListener#onError}.
 *
 * <p>Why a queue: jetcd calls back on its gRPC event loop, which must never block, while the {@link WatchListener}
 * contract only asks listeners not to block "for long". The queue is bounded so that a listener that cannot keep
 * up is noticed ({@link #offer} returns false and the watch is ended) instead of growing memory without limit.
 */
final class WatchDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(WatchDelivery.class);

    private final WatchListener listener;
    private final Executor executor;
    private final int capacity;

    // Guarded by this: the pending items (WatchEvent, then possibly one StoreException as the last item).
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private boolean draining;
    private boolean finished;
    private volatile boolean cancelled;

    WatchDelivery(WatchListener listener, Executor executor, int capacity) {
        this.listener = listener;
        this.executor = executor;
        this.capacity = capacity;
    }

    /**
     * Queues an event.
     *
     * @return false if the queue is full (the listener fell behind) or the delivery has finished
     */
    synchronized boolean offer(WatchEvent event) {
        if (finished || cancelled || queue.size() >= capacity) {
            return false;
        }
        queue.add(event);
        scheduleDrain();
        return true;
    }

    /** Queues the final error, after the events already queued; later offers are refused. Idempotent. */
    synchronized void finish(StoreException error) {
        if (finished || cancelled) {
            return;
        }
        finished = true;
        queue.add(error);
        scheduleDrain();
    }

    /** Stops delivering at once: queued items are dropped and no error is reported (the caller closed the watch). */
    void cancel() {
        cancelled = true;
        synchronized (this) {
            finished = true;
            queue.clear();
        }
    }

    private void scheduleDrain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The store's delivery pool is shut down: the store is closed, nobody is left to tell.
            draining = false;
            queue.clear();
        }
    }

    private void drain() {
        while (true) {
            Object item;
            synchronized (this) {
                item = cancelled ? null : queue.poll();
                if (item == null) {
                    draining = false;
                    return;
                }
            }
            try {
                if (item instanceof WatchEvent event) {
                    listener.onEvent(event);
                } else {
                    listener.onError((StoreException) item);
                }
            } catch (RuntimeException e) {
                // A throwing listener must not kill the delivery thread or stop later events.
                LOG.warn("watch listener threw; continuing", e);
            }
        }
    }
}
