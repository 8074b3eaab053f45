package dev.capstan.api.server;

import dev.capstan.store.Storage;
import dev.capstan.store.StoreException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's periodic compaction: every interval, history older than the revision seen one interval ago is
 * compacted, so watches and paginated lists have at least one interval to finish.
 */
public final class Compactor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Compactor.class);

    private final Storage storage;
    private final ScheduledExecutorService timer;
    private long previous;

    public Compactor(Storage storage, Duration interval) {
        this.storage = storage;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capstan-compactor");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        timer.scheduleAtFixedRate(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            if (previous > 0) {
                storage.compact(previous);
                log.info("event=compacted revision={}", previous);
            }
            previous = storage.currentRevision();
        } catch (StoreException e) {
            log.warn("event=compaction_failed error={}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
