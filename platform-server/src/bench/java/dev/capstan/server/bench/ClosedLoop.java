package dev.capstan.server.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load: {@code workers} threads, each sending its next request as soon as the previous one is
 * answered, until {@code maxOps} requests in all or {@code maxTime}, whichever comes first. Every request's
 * latency is kept, so percentiles are exact.
 */
final class ClosedLoop {

    /** One request; throws on any failure, including a status other than 2xx. */
    @FunctionalInterface
    interface Op {
        void call(int worker, long index) throws Exception;
    }

    /** What one loop measured. */
    record Measured(long ops, long errors, double seconds, double p50Millis, double p99Millis, String firstError) {

        double opsPerSecond() {
            return ops / seconds;
        }
    }

    private ClosedLoop() {
    }

    static Measured run(int workers, long maxOps, Duration maxTime, Op op) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long[][] latencies = new long[workers][];
        int[] counts = new int[workers];
        long start = System.nanoTime();
        long deadline = start + maxTime.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                long[] mine = new long[1024];
                int n = 0;
                long i;
                while ((i = next.getAndIncrement()) < maxOps && System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        op.call(worker, i);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                        continue;
                    }
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = System.nanoTime() - t0;
                }
                latencies[worker] = mine;
                counts[worker] = n;
            }, "load-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int w = 0; w < workers; w++) {
            System.arraycopy(latencies[w], 0, all, at, counts[w]);
            at += counts[w];
        }
        Arrays.sort(all);
        return new Measured(total, errors.get(), seconds, percentileMillis(all, 0.50), percentileMillis(all, 0.99),
                firstError.get());
    }

    /** Nearest-rank percentile of sorted nanosecond latencies, in milliseconds; NaN when there are none. */
    static double percentileMillis(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(rank, sortedNanos.length - 1))] / 1e6;
    }
}
