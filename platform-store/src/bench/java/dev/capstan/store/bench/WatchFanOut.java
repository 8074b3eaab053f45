package dev.capstan.store.bench;

import dev.capstan.store.StoreException;
import dev.capstan.store.Storage;
import dev.capstan.store.Watch;
import dev.capstan.store.WatchEvent;
import dev.capstan.store.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** One writer, many watchers of the same prefix: how many events per second reach the watchers. */
final class WatchFanOut {

    /** The figures of one run. */
    record Result(String subject, int watchers, int writes, double seconds, long delivered) {

        double deliveredPerSecond() {
            return delivered / seconds;
        }

        double writesPerSecond() {
            return writes / seconds;
        }
    }

    private WatchFanOut() {
    }

    static Result run(String subject, Storage store, String prefix, int watchers, int writes, byte[] value)
            throws InterruptedException {
        CountDownLatch allDelivered = new CountDownLatch(watchers);
        AtomicLong delivered = new AtomicLong();
        List<Watch> watches = new ArrayList<>();
        long from = store.currentRevision();
        for (int i = 0; i < watchers; i++) {
            watches.add(store.watch(prefix, from, new WatchListener() {
                private int seen;

                @Override
                public void onEvent(WatchEvent event) {
                    delivered.incrementAndGet();
                    if (++seen == writes) {
                        allDelivered.countDown();
                    }
                }

                @Override
                public void onError(StoreException error) {
                    System.err.println("watch ended: " + error);
                }
            }));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < writes; i++) {
            store.create(prefix + "k" + i, value);
        }
        boolean complete = allDelivered.await(120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        watches.forEach(Watch::close);
        if (!complete) {
            System.err.println(subject + ": not every watcher got every event within 120 s");
        }
        return new Result(subject, watchers, writes, seconds, delivered.get());
    }
}
