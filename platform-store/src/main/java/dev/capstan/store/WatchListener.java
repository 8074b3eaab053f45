package dev.capstan.store;

/**
 * Receives the changes of one {@link Storage#watch}. Calls for one watch never overlap and come in revision
 * order. Implementations must not block for long: a listener that falls behind is ended.
 */
public interface WatchListener {

    /** One change. */
    void onEvent(WatchEvent event);

    /**
     * Progress: every change under the watched prefix up to {@code revision} has been delivered, even if none
     * of them was under the prefix. Lets a cache prove it is as fresh as the store. Stores that cannot tell
     * never call it.
     */
    default void onProgress(long revision) {
    }

    /**
     * The watch ended and delivers nothing more: the store closed, the listener fell behind, the store
     * became unavailable ({@link StoreUnavailableException}) or the history was compacted
     * ({@link CompactedException}). The caller lists again and starts a new watch.
     */
    void onError(StoreException error);
}
