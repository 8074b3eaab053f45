package dev.capstan.controllers.endpointslice;

import dev.capstan.controllers.ObjectKey;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's {@code EndpointSliceTracker}: remembers the slices this controller wrote (name → resourceVersion,
 * or deleted) until the informer cache shows them, so a sync never plans from a cache that has not seen its
 * own last writes — which would create a second slice for the same endpoints.
 */
final class SliceTracker {

    private static final long DELETED = Long.MAX_VALUE;
    /**
     * A write the cache has not shown after this long is given up on: the slice may have been deleted by
     * someone else (garbage collector, a user) before the informer reported it.
     */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private record Write(long version, Instant at) {
    }

    private final Map<ObjectKey, Map<String, Write>> written = new ConcurrentHashMap<>();
    private final Clock clock;

    SliceTracker(Clock clock) {
        this.clock = clock;
    }

    void wrote(ObjectKey service, EndpointSlice slice) {
        written.computeIfAbsent(service, k -> new ConcurrentHashMap<>())
                .put(slice.getMetadata().getName(), new Write(version(slice.getMetadata().getResourceVersion()), clock.instant()));
    }

    void deleted(ObjectKey service, String sliceName) {
        written.computeIfAbsent(service, k -> new ConcurrentHashMap<>()).put(sliceName, new Write(DELETED, clock.instant()));
    }

    /** Whether the listed slices still miss one of this controller's writes; entries the cache shows are forgotten. */
    boolean stale(ObjectKey service, List<EndpointSlice> listed) {
        Map<String, Write> expected = written.get(service);
        if (expected == null) {
            return false;
        }
        boolean stale = false;
        Instant giveUp = clock.instant().minus(PATIENCE);
        for (Map.Entry<String, Write> entry : expected.entrySet()) {
            EndpointSlice seen = listed.stream().filter(s -> entry.getKey().equals(s.getMetadata().getName())).findFirst().orElse(null);
            long version = entry.getValue().version();
            boolean caughtUp = version == DELETED ? seen == null
                    : seen != null && version(seen.getMetadata().getResourceVersion()) >= version;
            if (caughtUp || entry.getValue().at().isBefore(giveUp)) {
                expected.remove(entry.getKey());
            } else {
                stale = true;
            }
        }
        if (expected.isEmpty()) {
            written.remove(service, expected);
        }
        return stale;
    }

    void forget(ObjectKey service) {
        written.remove(service);
    }

    private static long version(String resourceVersion) {
        try {
            return resourceVersion == null ? 0 : Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            return 0; // not numeric: cannot order, so never wait for it
        }
    }
}
