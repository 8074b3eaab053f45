package dev.capstan.scheduling.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Runs a per-node check over many nodes on a fixed pool (upstream's {@code parallelize.Until}): workers take
 * small chunks of indexes from a shared counter until all are done or the check asks to stop. The calling
 * thread works too, so a pool of {@code cores - 1} threads keeps every core busy.
 */
public final class ParallelNodes {

    /** Below this many nodes a single thread is faster than handing work to others. */
    private static final int SEQUENTIAL_BELOW = 64;
    private static final int CHUNK = 16;

    private final ExecutorService pool;
    private final int helpers;

    public ParallelNodes(ExecutorService pool, int helpers) {
        this.pool = pool;
        this.helpers = helpers;
    }

    /**
     * Calls {@code work} for indexes {@code 0..count-1} (each exactly once unless stopped); {@code work}
     * returns false to stop everyone early.
     */
    public void until(int count, IntPredicate work) {
        if (count < SEQUENTIAL_BELOW || helpers == 0) {
            for (int i = 0; i < count; i++) {
                if (!work.test(i)) {
                    return;
                }
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        Runnable worker = () -> {
            while (stopped.get() == 0) {
                int start = next.getAndAdd(CHUNK);
                if (start >= count) {
                    return;
                }
                int end = Math.min(count, start + CHUNK);
                for (int i = start; i < end; i++) {
                    if (!work.test(i)) {
                        stopped.set(1);
                        return;
                    }
                }
            }
        };
        int tasks = Math.min(helpers, (count + CHUNK - 1) / CHUNK - 1);
        List<Future<?>> futures = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            futures.add(pool.submit(worker));
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            stopped.set(1);
            failure = e;
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking nodes", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
