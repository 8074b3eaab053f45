package dev.capstan.controllers.garbagecollector;

import dev.capstan.controllers.ObjectKey;

/**
 * The garbage collector's queue key: work queues hold {@link ObjectKey}s (namespace and name), but the
 * collector handles many kinds, so the name carries the kind as {@code <Kind>|<name>} ({@code |} cannot occur
 * in a kind or an object name). Keys name objects, not uids: a reconcile re-reads the object by name and
 * compares uids itself, so a recreated object is simply looked at again.
 */
public record GcKey(String kind, String namespace, String name) {

    private static final char SEPARATOR = '|';

    public ObjectKey toObjectKey() {
        return new ObjectKey(namespace, kind + SEPARATOR + name);
    }

    /** The key, or null when {@code key} was not made by {@link #toObjectKey()}. */
    public static GcKey parse(ObjectKey key) {
        int bar = key.name().indexOf(SEPARATOR);
        return bar <= 0 ? null : new GcKey(key.name().substring(0, bar), key.namespace(), key.name().substring(bar + 1));
    }
}
