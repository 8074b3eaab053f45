package dev.capstan.node.kubelet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's {@code flowcontrol.Backoff} as the kubelet uses it for crash loops and image pulls: per key, the
 * first retry is immediate, then the delay starts at {@code initial} and doubles up to {@code max}; an entry
 * idle for twice {@code max} starts over.
 */
public final class Backoff {

    private record Entry(Duration delay, Instant lastUpdate) {
    }

    private final Duration initial;
    private final Duration max;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public Backoff(Duration initial, Duration max, Clock clock) {
        this.initial = initial;
        this.max = max;
        this.clock = clock;
    }

    /** Whether {@code key} is still waiting out its delay, counted from {@code since} (the container's finish). */
    public boolean inBackoffSince(String key, Instant since) {
        Entry entry = entries.get(key);
        if (entry == null || expired(entry)) {
            return false;
        }
        return Duration.between(since, clock.instant()).compareTo(entry.delay()) < 0;
    }

    /** Records a retry: starts or doubles the delay. */
    public void next(String key) {
        entries.compute(key, (k, entry) -> {
            if (entry == null || expired(entry)) {
                return new Entry(initial, clock.instant());
            }
            Duration doubled = entry.delay().multipliedBy(2);
            return new Entry(doubled.compareTo(max) > 0 ? max : doubled, clock.instant());
        });
    }

    public Duration delay(String key) {
        Entry entry = entries.get(key);
        return entry == null ? Duration.ZERO : entry.delay();
    }

    public void reset(String key) {
        entries.remove(key);
    }

    public void forgetPrefix(String prefix) {
        entries.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private boolean expired(Entry entry) {
        return Duration.between(entry.lastUpdate(), clock.instant()).compareTo(max.multipliedBy(2)) > 0;
    }
}
