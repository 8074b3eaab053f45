package dev.capstan.controllers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's {@code ControllerExpectations}: after a controller creates or deletes N objects for a key it
 * expects to see N informer events before trusting its cache again, so it does not create twice while its
 * own creates are still in flight. Expectations expire after 5 minutes (a lost event must not block the
 * controller forever).
 */
public final class Expectations {

    /** Upstream's ExpectationsTimeout. */
    public static final Duration TIMEOUT = Duration.ofMinutes(5);

    private record Pending(int adds, int deletes, Instant set) {
    }

    private final Map<ObjectKey, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    public Expectations() {
        this(Clock.systemUTC());
    }

    public Expectations(Clock clock) {
        this.clock = clock;
    }

    /** The controller is about to create {@code adds} and delete {@code deletes} objects for {@code key}. */
    public void expect(ObjectKey key, int adds, int deletes) {
        pending.put(key, new Pending(adds, deletes, clock.instant()));
    }

    /** An informer saw one of the expected creations (or a create failed and will not be seen). */
    public void creationObserved(ObjectKey key) {
        pending.computeIfPresent(key, (k, p) -> new Pending(p.adds() - 1, p.deletes(), p.set()));
    }

    /** An informer saw one of the expected deletions (or a delete failed). */
    public void deletionObserved(ObjectKey key) {
        pending.computeIfPresent(key, (k, p) -> new Pending(p.adds(), p.deletes() - 1, p.set()));
    }

    /** Whether the cache can be trusted for {@code key}: nothing pending, all seen, or expired. */
    public boolean satisfied(ObjectKey key) {
        Pending p = pending.get(key);
        if (p == null) {
            return true;
        }
        boolean fulfilled = p.adds() <= 0 && p.deletes() <= 0;
        boolean expired = Duration.between(p.set(), clock.instant()).compareTo(TIMEOUT) > 0;
        return fulfilled || expired;
    }

    /** Forgets the key (its owner was deleted). */
    public void delete(ObjectKey key) {
        pending.remove(key);
    }
}
