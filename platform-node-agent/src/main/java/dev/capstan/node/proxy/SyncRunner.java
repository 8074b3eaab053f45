package dev.capstan.node.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a task on one thread, at most once per {@code minInterval} however often it is requested, and at least once
 * per {@code maxInterval} (kube-proxy's {@code BoundedFrequencyRunner}). Requests that arrive while a run is pending
 * are folded into it, so a burst of informer events costs one iptables-restore.
 */
final class SyncRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyncRunner.class);

    private final Runnable task;
    private final long minIntervalNanos;
    private final Duration maxInterval;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long lastRunNanos;

    SyncRunner(String threadName, Runnable task, Duration minInterval, Duration maxInterval) {
        this.task = task;
        this.minIntervalNanos = minInterval.toNanos();
        this.maxInterval = maxInterval;
        this.lastRunNanos = System.nanoTime() - minIntervalNanos;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the periodic runs (the first one after {@code maxInterval}); call {@link #request()} for one now. */
    void start() {
        long period = maxInterval.toNanos();
        executor.scheduleWithFixedDelay(this::request, period, period, TimeUnit.NANOSECONDS);
    }

    /** Asks for a run as soon as {@code minInterval} allows. Never blocks; safe from any thread. */
    void request() {
        if (pending.compareAndSet(false, true)) {
            long wait = Math.max(0, lastRunNanos + minIntervalNanos - System.nanoTime());
            try {
                executor.schedule(this::run, wait, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false); // closed
            }
        }
    }

    private void run() {
        // Cleared before the task runs: a change seen during this run must cause one more run.
        pending.set(false);
        lastRunNanos = System.nanoTime();
        try {
            task.run();
        } catch (RuntimeException e) {
            // The periodic run retries; the rules in force stay as they were.
            log.error("msg=\"sync failed\" error=\"{}\"", e.getMessage(), e);
        }
    }

    /**
     * Stops the periodic runs, lets a run in progress and one already requested finish (so a change seen just
     * before shutdown is still applied), then stops the thread. Waits at most 30 s.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
