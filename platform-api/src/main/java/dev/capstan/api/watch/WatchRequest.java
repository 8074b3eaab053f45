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
 */
public record WatchRequest(String namespace, String name, ListQuery query, Long timeoutSeconds, boolean bookmarks) {

    public static WatchRequest of(String namespace, String name, ListQuery query, Long timeoutSeconds, boolean bookmarks) {
        return new WatchRequest(namespace, name, query, timeoutSeconds, bookmarks);
    }
}
