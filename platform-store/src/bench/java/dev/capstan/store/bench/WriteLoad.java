package dev.capstan.store.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** Runs a fixed number of writes from N threads and reports throughput and latency percentiles. */
final class WriteLoad {

    /** One write: {@code writer} is the thread's number, {@code sequence} its write count. */
    @FunctionalInterface
    interface Write {
        void run(int writer, int sequence) throws Exception;
    }

    /** The figures of one run. */
    record Result(String subject, int writers, int writes, double seconds, double p50Millis, double p99Millis) {

        double writesPerSecond() {
            return writes / seconds;
        }
    }

    private WriteLoad() {
    }

    static Result run(String subject, int writers, int writesEach, Write write) throws Exception {
        long[][] latencies = new long[writers][writesEach];
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < writesEach; i++) {
                        long t0 = System.nanoTime();
                        write.run(writer, i);
                        latencies[writer][i] = System.nanoTime() - t0;
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (failure.get() != null) {
            throw failure.get();
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(subject, writers, all.length, seconds, percentile(all, 0.50), percentile(all, 0.99));
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
