package dev.capstan.api.watch;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.json.Json;
import dev.capstan.api.registry.KeyLayout;
import dev.capstan.api.registry.ListPage;
import dev.capstan.api.registry.ListQuery;
import dev.capstan.api.registry.Meta;
import dev.capstan.api.registry.ObjectLister;
import dev.capstan.store.KeyValue;
import dev.capstan.store.ListOptions;
import dev.capstan.store.ListResult;
import dev.capstan.store.Storage;
import dev.capstan.store.StoreException;
import dev.capstan.store.Watch;
import dev.capstan.store.WatchEvent;
import dev.capstan.store.WatchListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The watch cache of one resource, as upstream's cacher: one store watch feeds an in-memory copy of every
 * object and a window of recent events; any number of API watchers are served from it, each event serialized
 * once. A watcher starting at a resourceVersion inside the window gets the events after it; older ones get
 * 410 Expired and relist. When the store watch breaks, the cache relists, ends its watchers and starts again.
 */
public final class WatchCache {

    private static final Logger log = LoggerFactory.getLogger(WatchCache.class);

    private final ResourceDefinition def;
    private final Storage storage;
    private final int historyCapacity;
    private final int watcherBacklog;
    private final String prefix;
    private final Object lock = new Object();
    private final TreeMap<String, CachedObject> objects = new TreeMap<>();
    private final ArrayDeque<CachedEvent> history = new ArrayDeque<>();
    private final List<WatchSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private long revision;
    /** The store revision the cache is known to be current at: its last event, or a later progress mark. */
    private long freshRevision;
    /** Whether the store sends progress marks; without them waiting for freshness is pointless. */
    private boolean progressSeen;
    /** The oldest revision a watch may start after: the window covers (oldestStart, revision]. */
    private long oldestStart;
    private Watch storeWatch;
    private volatile boolean closed;
    /** Set on shutdown: watchers are ended, and a watcher subscribing afterwards is ended at once. */
    private boolean draining;

    WatchCache(ResourceDefinition def, Storage storage, int historyCapacity, int watcherBacklog) {
        this.def = def;
        this.storage = storage;
        this.historyCapacity = historyCapacity;
        this.watcherBacklog = watcherBacklog;
        this.prefix = KeyLayout.resourcePrefix(def);
    }

    /** Lists the store and starts the store watch. Blocking. */
    void start() {
        synchronized (lock) {
            objects.clear();
            history.clear();
            ListResult page = storage.list(prefix, ListOptions.firstPage(1000));
            long listRevision = page.revision();
            while (true) {
                for (KeyValue kv : page.items()) {
                    CachedObject object = cached(kv.key(), Json.readStored(kv.value()), kv.modRevision());
                    objects.put(kv.key(), object);
                }
                if (!page.hasMore()) {
                    break;
                }
                page = storage.list(prefix, ListOptions.nextPage(1000, page.continueToken()));
            }
            revision = listRevision;
            freshRevision = listRevision;
            oldestStart = listRevision;
            storeWatch = storage.watch(prefix, listRevision, new WatchListener() {
                @Override
                public void onEvent(WatchEvent event) {
                    apply(event);
                }

                @Override
                public void onProgress(long progress) {
                    synchronized (lock) {
                        progressSeen = true;
                        if (progress > freshRevision) {
                            freshRevision = progress;
                            lock.notifyAll();
                        }
                    }
                }

                @Override
                public void onError(StoreException error) {
                    restart(error);
                }
            });
        }
    }

    void resynchronize() {
        Watch old;
        synchronized (lock) {
            old = storeWatch;
        }
        if (old != null) {
            old.close();
        }
        restart(new StoreException("resynchronization requested"));
    }

    private void restart(StoreException error) {
        if (closed) {
            return;
        }
        log.warn("event=watch_cache_restart resource={} error={}", def.qualifiedResource(), error.toString());
        synchronized (lock) {
            subscribers.forEach(WatchSubscriber::end);
            subscribers.clear();
        }
        for (int attempt = 0; !closed; attempt++) {
            try {
                start();
                return;
            } catch (StoreException e) {
                sleep(Duration.ofMillis(Math.min(5000, 100L << Math.min(attempt, 6))));
            }
        }
    }

    private void apply(WatchEvent event) {
        synchronized (lock) {
            CachedObject previous = objects.get(event.key());
            CachedEvent cached;
            if (event.type() == WatchEvent.Type.PUT) {
                CachedObject current = cached(event.key(), Json.readStored(event.value().value()), event.revision());
                objects.put(event.key(), current);
                cached = CachedEvent.of(previous == null ? "ADDED" : "MODIFIED", current, previous, event.revision());
            } else {
                objects.remove(event.key());
                if (previous == null) {
                    revision = event.revision();
                    freshRevision = Math.max(freshRevision, revision);
                    lock.notifyAll();
                    return;
                }
                CachedObject gone = cached(event.key(), previous.object().deepCopy(), event.revision());
                cached = CachedEvent.of("DELETED", gone, previous, event.revision());
            }
            revision = event.revision();
            freshRevision = Math.max(freshRevision, revision);
            lock.notifyAll();
            history.addLast(cached);
            if (history.size() > historyCapacity) {
                oldestStart = history.removeFirst().revision();
            }
            for (WatchSubscriber subscriber : subscribers) {
                subscriber.offer(cached);
                if (subscriber.isEnded()) {
                    subscribers.remove(subscriber);
                }
            }
        }
    }

    private CachedObject cached(String key, ObjectNode object, long rev) {
        Meta.withResourceVersion(object, rev);
        return new CachedObject(key, Meta.namespace(object), Meta.name(object), rev, object, Json.write(object));
    }

    /**
     * Waits until the cache has seen every change up to {@code storeRevision} (upstream's consistent read from
     * cache); false if it cannot show that within {@code timeout} — the caller then reads the store.
     */
    public boolean awaitFresh(long storeRevision, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (freshRevision < storeRevision) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !progressSeen) {
                    return false;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** One object as cached (tree and JSON with its resourceVersion), or null. Call after {@link #awaitFresh}. */
    public CachedObject get(String namespace, String name) {
        String key = KeyLayout.key(def, namespace, name);
        synchronized (lock) {
            return objects.get(key);
        }
    }

    /**
     * A list as JSON bytes built from the cached objects' own JSON, without re-serializing them (the list of
     * 1,000 pods is one concatenation). Call after {@link #awaitFresh}.
     */
    public byte[] listJson(String namespace, ListQuery query) {
        Predicate<JsonNode> filter = ObjectLister.filter(def, query);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(64 * 1024);
        synchronized (lock) {
            out.writeBytes(("{\"kind\":\"" + def.listKind() + "\",\"apiVersion\":\"" + def.apiVersion()
                    + "\",\"metadata\":{\"resourceVersion\":\"" + Math.max(revision, freshRevision) + "\"},\"items\":[")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            boolean first = true;
            for (CachedObject object : objects.values()) {
                if ((namespace == null || namespace.equals(object.namespace())) && filter.test(object.object())) {
                    if (!first) {
                        out.write(',');
                    }
                    out.writeBytes(object.json());
                    first = false;
                }
            }
        }
        out.writeBytes("]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A list served from memory (resourceVersion "0": any state is acceptable). */
    public ListPage list(String namespace, ListQuery query) {
        Predicate<JsonNode> filter = ObjectLister.filter(def, query);
        synchronized (lock) {
            List<ObjectNode> items = new ArrayList<>();
            for (CachedObject object : objects.values()) {
                if ((namespace == null || namespace.equals(object.namespace())) && filter.test(object.object())) {
                    items.add(object.object());
                }
            }
            return new ListPage(items, Math.max(revision, freshRevision), null);
        }
    }

    /** Starts a watcher; its flux emits the wire bytes of each event. 410 when the start is out of the window. */
    public Flux<byte[]> subscribe(ResourceDefinition requested, WatchRequest request) {
        Predicate<JsonNode> filter = ObjectLister.filter(def, request.query());
        String rv = request.query().resourceVersion();
        // a watch-list starts from the state whatever its resourceVersion (the caller made sure the cache is
        // at least that fresh); a plain watch from a resourceVersion replays the history after it
        long start = request.initialEvents() || rv == null || rv.isEmpty() ? 0 : ObjectLister.parseResourceVersion(rv);
        WatchSubscriber subscriber;
        synchronized (lock) {
            if (start != 0 && start < oldestStart) {
                throw ApiErrors.expired("too old resource version: " + start + " (" + oldestStart + ")");
            }
            int initial = start == 0 ? objects.size() : history.size();
            subscriber = new WatchSubscriber(request.namespace(), request.name(), filter, request.bookmarks(),
                    initial + watcherBacklog, start == 0 ? revision : start);
            if (start == 0) {
                // no resourceVersion: the current state as ADDED events, then the changes
                for (CachedObject object : objects.values()) {
                    if (subscriber.sees(object)) {
                        subscriber.send(CachedEvent.line("ADDED", object.json()));
                    }
                }
                if (request.initialEvents()) {
                    // the reflector's sign that its state is complete, at the revision of that state
                    subscriber.send(bookmarkLine(revision, true));
                }
            } else {
                for (CachedEvent event : history) {
                    if (event.revision() > start) {
                        subscriber.offer(event);
                    }
                }
            }
            if (draining) {
                endWithBookmark(subscriber, bookmarkLine(revision, false));
            } else {
                subscribers.add(subscriber);
            }
        }
        Flux<byte[]> events = subscriber.events().doFinally(signal -> {
            subscriber.end();
            subscribers.remove(subscriber);
        });
        if (request.timeoutSeconds() != null && request.timeoutSeconds() > 0) {
            events = events.take(Duration.ofSeconds(request.timeoutSeconds()));
        }
        return events;
    }

    /** The store revision of the cache's state. */
    public long revision() {
        synchronized (lock) {
            return revision;
        }
    }

    /** Sends a BOOKMARK with the cache's revision to the watchers that accept them. */
    void bookmark() {
        long current;
        synchronized (lock) {
            current = revision;
        }
        byte[] line = bookmarkLine(current, false);
        for (WatchSubscriber subscriber : subscribers) {
            if (subscriber.wantsBookmarks()) {
                subscriber.send(line);
            }
        }
    }

    /**
     * Ends every watcher for a shutdown, after a last BOOKMARK to those that accept them (upstream's cacher drains
     * its watchers the same way), so a client resumes at the latest revision from another server or this one
     * restarted, without relisting. Under the lock: no event can slip in between the bookmark and the end.
     */
    void drain() {
        synchronized (lock) {
            draining = true;
            byte[] line = bookmarkLine(revision, false);
            subscribers.forEach(subscriber -> endWithBookmark(subscriber, line));
            subscribers.clear();
        }
    }

    private static void endWithBookmark(WatchSubscriber subscriber, byte[] bookmark) {
        if (subscriber.wantsBookmarks()) {
            subscriber.send(bookmark);
        }
        subscriber.end();
    }

    /** A BOOKMARK: the kind and only the resourceVersion, as upstream sends it; the end of a watch-list's state. */
    private byte[] bookmarkLine(long resourceVersion, boolean initialEventsEnd) {
        ObjectNode marker = Json.object();
        marker.put("kind", def.kind());
        marker.put("apiVersion", def.apiVersion());
        ObjectNode metadata = marker.putObject("metadata");
        metadata.put("resourceVersion", Long.toString(resourceVersion));
        if (initialEventsEnd) {
            metadata.putObject("annotations").put("k8s.io/initial-events-end", "true");
        }
        return CachedEvent.line("BOOKMARK", Json.write(marker));
    }

    int watcherCount() {
        return subscribers.size();
    }

    void close() {
        closed = true;
        if (storeWatch != null) {
            storeWatch.close();
        }
        subscribers.forEach(WatchSubscriber::end);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
