package dev.capstan.scheduling.core;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scheduler's informational writes (Events, PodScheduled conditions) off the scheduling thread on a
 * few threads with a bounded backlog: under overload the oldest-first backlog fills and further writes are
 * dropped and counted, as upstream's event broadcaster drops rather than slowing scheduling down.
 */
public final class ClusterWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterWriter.class);

    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();

    public ClusterWriter(String name, int threads, int backlog) {
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(backlog),
                runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    return thread;
                }, (task, pool) -> dropped.incrementAndGet());
    }

    /** Queues a write; failures are logged, never thrown. */
    public void submit(String what, Runnable write) {
        executor.execute(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                log.debug("event=cluster_write_failed what={} error={}", what, e.toString());
            }
        });
    }

    /** Writes dropped because the backlog was full. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
