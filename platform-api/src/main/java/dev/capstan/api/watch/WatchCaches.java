package dev.capstan.api.watch;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.registry.ListQuery;
import dev.capstan.store.Storage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The watch caches of all resources, each started on first use, and the bookmark ticker. N watchers of a
 * resource cost one store watch.
 */
public final class WatchCaches implements AutoCloseable {

    private final Storage storage;
    private final int historyCapacity;
    private final int watcherBacklog;
    private final Map<ResourceDefinition, WatchCache> caches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;

    public WatchCaches(Storage storage, int historyCapacity, int watcherBacklog, Duration bookmarkInterval) {
        this.storage = storage;
        this.historyCapacity = historyCapacity;
        this.watcherBacklog = watcherBacklog;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capstan-watch-bookmarks");
            t.setDaemon(true);
            return t;
        });
        long millis = bookmarkInterval.toMillis();
        ticker.scheduleAtFixedRate(() -> caches.values().forEach(WatchCache::bookmark), millis, millis,
                TimeUnit.MILLISECONDS);
    }

    /** The cache of a resource, started (listed and watching) before it is returned. Blocking on first use. */
    public WatchCache cache(ResourceDefinition def) {
        WatchCache existing = caches.get(def);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            return caches.computeIfAbsent(def, d -> {
                WatchCache cache = new WatchCache(d, storage, historyCapacity, watcherBacklog);
                cache.start();
                return cache;
            });
        }
    }

    /** Whether a list may come from a cache: resourceVersion "0" (any state) without pagination. */
    public boolean canServe(ListQuery query) {
        return "0".equals(query.resourceVersion()) && query.continueToken() == null
                && (query.resourceVersionMatch() == null || query.resourceVersionMatch().equals("NotOlderThan"));
    }

    /**
     * Drops every cache's state and relists, as after a broken store watch: open watches end, and watchers
     * resuming from a resourceVersion before the relist get 410 Expired and must relist. For operators
     * (and tests) who need the caches rebuilt from the store.
     */
    public void resynchronize() {
        caches.values().forEach(WatchCache::resynchronize);
    }

    /** Ends every open watch, each after a final BOOKMARK if it asked for bookmarks; later watches end at once. */
    public void drain() {
        ticker.shutdownNow();
        caches.values().forEach(WatchCache::drain);
    }

    /** The number of watchers over all caches. */
    public int watcherCount() {
        return caches.values().stream().mapToInt(WatchCache::watcherCount).sum();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        caches.values().forEach(WatchCache::close);
    }
}
