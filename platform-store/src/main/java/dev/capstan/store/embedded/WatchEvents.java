package dev.capstan.store.embedded;

import dev.capstan.store.KeyValue;
import dev.capstan.store.WatchEvent;

/** Turns log rows into watch events, the same way for live changes and for replayed history. */
final class WatchEvents {

    private WatchEvents() {
    }

    static WatchEvent of(LogRow row, KeyValue previous) {
        return row.deleted()
                ? new WatchEvent(WatchEvent.Type.DELETE, row.key(), null, previous, row.revision())
                : new WatchEvent(WatchEvent.Type.PUT, row.key(), row.toKeyValue(), previous, row.revision());
    }
}
