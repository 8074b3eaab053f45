package dev.capstan.controllers.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Upstream's rate-limited work queue ({@code client-go/util/workqueue}): a key added many times is queued
 * once ("dirty" set); a key being processed is not handed to another worker — if it is added meanwhile it
 * is queued again when {@link #done} is called; delayed adds wait in a delay queue; rate-limited adds use
 * {@link RateLimiter}. Metrics hooks report depth, adds, queue and work durations and retries.
 */
public final class WorkQueue<T> {

    private record Delayed0<T>(T item, long readyAtNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(readyAtNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        /** By ready time: two delays read at different instants would order entries with close times inconsistently. */
        @Override
        public int compareTo(Delayed other) {
            if (other instanceof Delayed0<?> entry) {
                return Long.compare(readyAtNanos - entry.readyAtNanos, 0);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }

    /** Observes the queue; upstream's workqueue metrics provider. */
    public interface Metrics {
        void added();

        void depth(int depth);

        void queued(Duration waited);

        void worked(Duration took);

        void retried();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final Set<T> dirty = new HashSet<>();
    private final Set<T> processing = new HashSet<>();
    private final java.util.Map<T, Long> addedAt = new java.util.HashMap<>();
    private final java.util.Map<T, Long> startedAt = new java.util.HashMap<>();
    private final DelayQueue<Delayed0<T>> delayed = new DelayQueue<>();
    /** The one delayed entry per item (upstream keeps only the earliest ready time of an item waiting). */
    private final java.util.Map<T, Delayed0<T>> waiting = new java.util.HashMap<>();
    private final RateLimiter limiter;
    private final Metrics metrics;
    private final Thread delayPump;
    private volatile boolean shuttingDown;

    public WorkQueue(String name, RateLimiter limiter, Metrics metrics) {
        this.limiter = limiter;
        this.metrics = metrics;
        this.delayPump = new Thread(this::pumpDelayed, name + "-delays");
        this.delayPump.setDaemon(true);
        this.delayPump.start();
    }

    public void add(T item) {
        lock.lock();
        try {
            if (shuttingDown || dirty.contains(item)) {
                return;
            }
            metrics.added();
            dirty.add(item);
            addedAt.putIfAbsent(item, System.nanoTime());
            if (processing.contains(item)) {
                return; // queued again by done()
            }
            queue.add(item);
            metrics.depth(queue.size());
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds the item after {@code delay}. An item already waiting keeps the earlier of its two ready times, as
     * upstream's delaying queue: every requeue-after of a reconcile must not pile up another pending add.
     */
    public void addAfter(T item, Duration delay) {
        if (shuttingDown) {
            return;
        }
        if (delay.isZero() || delay.isNegative()) {
            add(item);
            return;
        }
        long readyAt = System.nanoTime() + delay.toNanos();
        synchronized (waiting) {
            Delayed0<T> existing = waiting.get(item);
            if (existing != null) {
                if (existing.readyAtNanos() - readyAt <= 0) {
                    return;
                }
                delayed.remove(existing);
            }
            Delayed0<T> entry = new Delayed0<>(item, readyAt);
            waiting.put(item, entry);
            delayed.add(entry);
        }
    }

    /** Adds the item after its rate-limited backoff (a failed attempt). */
    public void addRateLimited(T item) {
        metrics.retried();
        addAfter(item, limiter.when(item));
    }

    /** The item succeeded: reset its backoff. */
    public void forget(T item) {
        limiter.forget(item);
    }

    public int retries(T item) {
        return limiter.retries(item);
    }

    /** Blocks until an item is available; null when shut down. The caller must call {@link #done}. */
    public T get() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                available.await();
            }
            if (queue.isEmpty()) {
                return null;
            }
            T item = queue.poll();
            metrics.depth(queue.size());
            processing.add(item);
            dirty.remove(item);
            Long added = addedAt.remove(item);
            long now = System.nanoTime();
            if (added != null) {
                metrics.queued(Duration.ofNanos(now - added));
            }
            startedAt.put(item, now);
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** Processing finished; if the item was added meanwhile it is queued again now. */
    public void done(T item) {
        lock.lock();
        try {
            processing.remove(item);
            Long started = startedAt.remove(item);
            if (started != null) {
                metrics.worked(Duration.ofNanos(System.nanoTime() - started));
            }
            if (dirty.contains(item)) {
                queue.add(item);
                metrics.depth(queue.size());
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public int length() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public void shutDown() {
        lock.lock();
        try {
            shuttingDown = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
        delayPump.interrupt();
    }

    private void pumpDelayed() {
        while (!shuttingDown) {
            try {
                Delayed0<T> entry = delayed.take();
                synchronized (waiting) {
                    waiting.remove(entry.item(), entry);
                }
                add(entry.item());
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
