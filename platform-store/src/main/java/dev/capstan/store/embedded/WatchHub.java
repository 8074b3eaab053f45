package dev.capstan.store.embedded;

import dev.capstan.store.StoreException;
import dev.capstan.store.WatchEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands each committed batch of events to every open watch. Registration and publication are mutually
 * exclusive, which splits a new watch's events cleanly: everything up to the revision {@link #register}
 * returns is already in the log (the watch replays it), everything after arrives through
 * {@link EmbeddedWatch#offer}.
 */
final class WatchHub {

    private final List<EmbeddedWatch> watches = new CopyOnWriteArrayList<>();
    private long publishedRevision;

    WatchHub(long revision) {
        this.publishedRevision = revision;
    }

    /** Called by the writer thread after a commit. Never blocks: a watch that cannot take more is ended. */
    synchronized void publish(List<WatchEvent> events) {
        long revision = events.get(events.size() - 1).revision();
        for (EmbeddedWatch watch : watches) {
            for (WatchEvent event : events) {
                watch.offer(event);
            }
            watch.progress(revision);
        }
        publishedRevision = revision;
    }

    /** Adds a watch; returns the revision up to which it must replay history from the log. */
    synchronized long register(EmbeddedWatch watch) {
        watches.add(watch);
        return publishedRevision;
    }

    void remove(EmbeddedWatch watch) {
        watches.remove(watch);
    }

    int size() {
        return watches.size();
    }

    /** Ends every watch with {@code error}. */
    void closeAll(StoreException error) {
        for (EmbeddedWatch watch : watches) {
            watch.fail(error);
        }
        watches.clear();
    }
}
