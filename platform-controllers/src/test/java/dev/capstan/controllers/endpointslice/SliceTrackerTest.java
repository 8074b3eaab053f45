package dev.capstan.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.controllers.ObjectKey;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceTrackerTest {

    private static final ObjectKey SERVICE = new ObjectKey("ns", "web");

    private static EndpointSlice slice(String name, String resourceVersion) {
        return new EndpointSliceBuilder().withNewMetadata().withName(name).withResourceVersion(resourceVersion).endMetadata().build();
    }

    @Test
    void aCacheThatHasNotSeenTheLastWritesIsStaleUntilItDoes() {
        SliceTracker tracker = new SliceTracker(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        assertThat(tracker.stale(SERVICE, List.of())).as("nothing written").isFalse();
        tracker.wrote(SERVICE, slice("web-a", "10"));
        assertThat(tracker.stale(SERVICE, List.of())).as("creation not seen").isTrue();
        assertThat(tracker.stale(SERVICE, List.of(slice("web-a", "9")))).as("older version").isTrue();
        assertThat(tracker.stale(SERVICE, List.of(slice("web-a", "10")))).isFalse();
        tracker.deleted(SERVICE, "web-a");
        assertThat(tracker.stale(SERVICE, List.of(slice("web-a", "10")))).as("deletion not seen").isTrue();
        assertThat(tracker.stale(SERVICE, List.of())).isFalse();
    }

    @Test
    void aWriteTheCacheNeverShowsIsGivenUpOnAfterAWhile() {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        SliceTracker tracker = new SliceTracker(clock);
        tracker.wrote(SERVICE, slice("web-a", "10"));
        assertThat(tracker.stale(SERVICE, List.of())).isTrue();
        now[0] = now[0].plusSeconds(11); // deleted by someone else before the cache saw it
        assertThat(tracker.stale(SERVICE, List.of())).isFalse();
    }
}
