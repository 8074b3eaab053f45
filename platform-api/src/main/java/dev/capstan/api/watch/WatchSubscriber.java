package dev.capstan.api.watch;

import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

/**
 * One watcher of a cache: its filter and its bounded outbox. The cache offers events without ever blocking; a
 * watcher whose outbox is full is ended (its stream completes, the client relists), so it cannot slow the
 * others or the cache.
 */
final class WatchSubscriber {

    private final String namespace;
    private final String name;
    private final Predicate<JsonNode> selector;
    private final boolean bookmarks;
    private final Sinks.Many<byte[]> outbox;
    private final long afterRevision;
    private volatile boolean ended;

    /** @param afterRevision events at or before it are not sent (the watcher has them from its start) */
    WatchSubscriber(String namespace, String name, Predicate<JsonNode> selector, boolean bookmarks, int capacity,
            long afterRevision) {
        this.afterRevision = afterRevision;
        this.namespace = namespace;
        this.name = name;
        this.selector = selector;
        this.bookmarks = bookmarks;
        this.outbox = Sinks.many().unicast().onBackpressureBuffer(new java.util.concurrent.ArrayBlockingQueue<>(capacity));
    }

    Flux<byte[]> events() {
        return outbox.asFlux();
    }

    boolean wantsBookmarks() {
        return bookmarks;
    }

    boolean isEnded() {
        return ended;
    }

    /** Whether an object is in this watcher's view (namespace, name, selectors). */
    boolean sees(CachedObject object) {
        return object != null
                && (namespace == null || namespace.equals(object.namespace()))
                && (name == null || name.equals(object.name()))
                && selector.test(object.object());
    }

    /**
     * Offers a change: as is when the object is in view before and after; as ADDED or DELETED when it enters
     * or leaves the view (a label change under a selector), as upstream's cacheWatcher does.
     */
    void offer(CachedEvent event) {
        if (event.revision() <= afterRevision) {
            return;
        }
        boolean now = sees(event.current());
        boolean before = event.previous() != null && sees(event.previous());
        if (event.type().equals("MODIFIED") && now != before) {
            if (now) {
                send(CachedEvent.line("ADDED", event.current().json()));
            } else {
                send(CachedEvent.line("DELETED", event.current().json()));
            }
            return;
        }
        if (now) {
            send(event.wire());
        }
    }

    /** Sends bytes; ends the watcher if its outbox is full. */
    synchronized void send(byte[] bytes) {
        if (ended) {
            return;
        }
        if (outbox.tryEmitNext(bytes).isFailure()) {
            end();
        }
    }

    synchronized void end() {
        if (!ended) {
            ended = true;
            outbox.tryEmitComplete();
        }
    }
}
