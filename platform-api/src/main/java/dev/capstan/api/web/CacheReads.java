package dev.capstan.api.web;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.registry.ListQuery;
import dev.capstan.api.registry.ObjectLister;
import dev.capstan.api.watch.CachedObject;
import dev.capstan.api.watch.WatchCache;
import dev.capstan.api.watch.WatchCaches;
import dev.capstan.store.Storage;
import dev.capstan.store.StoreException;
import java.time.Duration;

/**
 * Upstream's consistent reads from the watch cache: a get or list that asks for the latest state (no
 * resourceVersion) or for at least some resourceVersion is served from the cache once the cache has provably
 * seen every change up to the store's current revision. When the cache cannot show that quickly (a store that
 * sends no progress marks), or the request needs something only the store has (pagination, an exact older
 * revision), the caller reads the store instead.
 */
final class CacheReads {

    private static final Duration FRESHNESS_WAIT = Duration.ofMillis(250);
    /** Upstream's cacher waits up to 3 s for a requested resourceVersion before a watch. */
    private static final Duration WATCH_LIST_WAIT = Duration.ofSeconds(3);

    private final Storage storage;
    private final WatchCaches caches;

    CacheReads(Storage storage, WatchCaches caches) {
        this.storage = storage;
        this.caches = caches;
    }

    /** The object's JSON from the cache, or null to read the store; 404 when the fresh cache does not have it. */
    byte[] getJson(ResourceDefinition def, String namespace, String name, String resourceVersion) {
        WatchCache cache = freshCache(def, resourceVersion);
        if (cache == null) {
            return null;
        }
        CachedObject object = cache.get(namespace, name);
        if (object == null) {
            throw ApiErrors.notFound(def, name);
        }
        return object.json();
    }

    /** The whole list's JSON from the cache, or null to read the store. */
    byte[] listJson(ResourceDefinition def, String namespace, ListQuery query) {
        if (query.limit() > 0 || query.continueToken() != null || "Exact".equals(query.resourceVersionMatch())) {
            return null;
        }
        WatchCache cache = freshCache(def, query.resourceVersion());
        return cache == null ? null : cache.listJson(namespace, query);
    }

    /**
     * Before a watch-list sends the state: the cache must be at least as fresh as the requested resourceVersion
     * (504, upstream's "Too large resource version", when it cannot show that within a few seconds; the client
     * retries). With no resourceVersion the cache catches up with the store if it can show it, else its state is
     * sent as is: still one consistent snapshot followed by every later change.
     */
    void awaitWatchListStart(ResourceDefinition def, String resourceVersion) {
        if ("0".equals(resourceVersion)) {
            return;
        }
        WatchCache cache = caches.cache(def);
        if (resourceVersion == null || resourceVersion.isEmpty()) {
            try {
                cache.awaitFresh(storage.currentRevision(), WATCH_LIST_WAIT);
            } catch (StoreException e) {
                // the cache's own state is served; the store's failure shows on the next write or list
            }
            return;
        }
        long required = ObjectLister.parseResourceVersion(resourceVersion);
        if (!cache.awaitFresh(required, WATCH_LIST_WAIT)) {
            throw ApiErrors.timeout("Too large resource version: " + required + ", current: " + cache.revision());
        }
    }

    private WatchCache freshCache(ResourceDefinition def, String resourceVersion) {
        long required;
        try {
            long current = storage.currentRevision();
            if (resourceVersion == null || resourceVersion.isEmpty()) {
                required = current;
            } else {
                required = ObjectLister.parseResourceVersion(resourceVersion);
                if (required > current) {
                    return null; // the store path answers "too large resource version"
                }
            }
        } catch (StoreException e) {
            return null; // the store path reports the store's failure (503 when it is unavailable)
        }
        WatchCache cache = caches.cache(def);
        return cache.awaitFresh(required, FRESHNESS_WAIT) ? cache : null;
    }
}
