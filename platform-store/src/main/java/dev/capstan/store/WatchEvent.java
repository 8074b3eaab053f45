package dev.capstan.store;

/**
 * One change seen by a watch.
 *
 * @param type whether the key was written or deleted
 * @param key the key
 * @param value the new version (for {@link Type#PUT}), or null for a delete
 * @param previous the version before the change, or null if the key was new or its old version was compacted
 * @param revision the revision of the change
 */
public record WatchEvent(Type type, String key, KeyValue value, KeyValue previous, long revision) {

    /** The kinds of change. */
    public enum Type { PUT, DELETE }
}
