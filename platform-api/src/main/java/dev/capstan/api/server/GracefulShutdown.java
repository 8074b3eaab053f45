package dev.capstan.api.server;

import dev.capstan.api.watch.WatchCaches;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The API server's part of a graceful shutdown, in upstream's order: /readyz fails at once and the pre-shutdown
 * hooks run (this server leaves the {@code kubernetes} Service's Endpoints, so in-cluster clients stop choosing
 * it while it still answers during the delay); after the shutdown
 * delay new requests are refused (429 with Retry-After, see {@link ShuttingDownFilter}); then every open watch
 * gets a final BOOKMARK (if it asked for bookmarks) and ends, so watch streams do not hold the web server's
 * graceful drain of the requests still in flight, which Spring runs next. The store is closed after that, with
 * the other beans.
 *
 * <p>The highest lifecycle phase: stopped before the web server's graceful shutdown (phase
 * {@code Integer.MAX_VALUE - 1024}) and before the web server itself.
 */
public final class GracefulShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    /** Where the server is in its shutdown. */
    public enum Stage { SERVING, NOT_READY, REFUSING }

    private final WatchCaches watchCaches;
    private final Duration delay;
    private final List<Runnable> preShutdownHooks;
    private volatile Stage stage = Stage.SERVING;
    private volatile boolean running;

    public GracefulShutdown(WatchCaches watchCaches, Duration delay) {
        this(watchCaches, delay, List.of());
    }

    public GracefulShutdown(WatchCaches watchCaches, Duration delay, List<Runnable> preShutdownHooks) {
        this.watchCaches = watchCaches;
        this.delay = delay;
        this.preShutdownHooks = List.copyOf(preShutdownHooks);
    }

    public Stage stage() {
        return stage;
    }

    @Override
    public void start() {
        stage = Stage.SERVING;
        running = true;
    }

    @Override
    public void stop() {
        stage = Stage.NOT_READY;
        log.info("event=shutdown_started stage=not_ready delay={}", delay);
        for (Runnable hook : preShutdownHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                log.warn("event=pre_shutdown_hook_failed error={}", e.toString());
            }
        }
        sleep(delay);
        stage = Stage.REFUSING;
        int watchers = watchCaches.watcherCount();
        watchCaches.drain();
        log.info("event=shutdown_watches_drained watches={}", watchers);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private static void sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
