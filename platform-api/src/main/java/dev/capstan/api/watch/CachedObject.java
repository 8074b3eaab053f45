package dev.capstan.api.watch;

import tools.jackson.databind.node.ObjectNode;

/**
 * An object as the cache holds it: the tree (read-only by convention: nobody changes a cached tree, they copy
 * it) and its JSON with the resourceVersion in it, serialized once and sent to every watcher as is.
 */
public record CachedObject(String key, String namespace, String name, long revision, ObjectNode object, byte[] json) {
}
