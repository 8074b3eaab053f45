package dev.capstan.api.watch;

import dev.capstan.api.registry.ListQuery;

/**
 * What a watcher asked for.
 *
 * @param namespace the namespace, or null for all
 * @param name a single object's name (the legacy watch-by-name URL), or null
 * @param query selectors and the resourceVersion to start after
 * @param timeoutSeconds when to end the stream, or null for never
 * @param bookmarks whether the client accepts BOOKMARK events
 * @param initialEvents {@code sendInitialEvents=true} (upstream's watch-list): the current state as ADDED
 *        events whatever the resourceVersion, then a BOOKMARK marked {@code k8s.io/initial-events-end}
 */
public record WatchRequest(String namespace, String name, ListQuery query, Long timeoutSeconds, boolean bookmarks,
        boolean initialEvents) {

    public static WatchRequest of(String namespace, String name, ListQuery query, Long timeoutSeconds, boolean bookmarks) {
        return new WatchRequest(namespace, name, query, timeoutSeconds, bookmarks, false);
    }

    public WatchRequest withInitialEvents(boolean initialEvents) {
        return new WatchRequest(namespace, name, query, timeoutSeconds, bookmarks, initialEvents);
    }
}
