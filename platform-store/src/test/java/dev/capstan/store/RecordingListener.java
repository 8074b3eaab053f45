package dev.capstan.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A watch listener that keeps what it receives, for assertions. */
public class RecordingListener implements WatchListener {

    public final List<WatchEvent> events = new CopyOnWriteArrayList<>();
    public final AtomicReference<StoreException> error = new AtomicReference<>();

    @Override
    public void onEvent(WatchEvent event) {
        events.add(event);
    }

    @Override
    public void onError(StoreException e) {
        error.compareAndSet(null, e);
    }

    public List<Long> revisions() {
        return events.stream().map(WatchEvent::revision).toList();
    }
}
