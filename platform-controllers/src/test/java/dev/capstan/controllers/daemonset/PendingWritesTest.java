package dev.capstan.controllers.daemonset;

import static dev.capstan.controllers.daemonset.DaemonSetFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.controllers.ObjectKey;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PendingWritesTest {

    private static final ObjectKey KEY = new ObjectKey("default", "agent");

    private static Pod terminating(String name) {
        Pod pod = pod(name, "n0", "h", true);
        pod.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        return pod;
    }

    @Test
    void theCacheIsTrustedOnlyOnceItShowsOurCreatesAndDeletes() {
        PendingWrites pending = new PendingWrites(Clock.systemUTC());
        pending.record(KEY, Set.of("agent-new"), Set.of("agent-old"));
        assertThat(pending.satisfied(KEY, List.of(pod("agent-old", "n0", "h", true)))).isFalse();
        assertThat(pending.satisfied(KEY, List.of(pod("agent-new", "n0", "h", true), pod("agent-old", "n0", "h", true)))).isFalse();
        assertThat(pending.satisfied(KEY, List.of(pod("agent-new", "n0", "h", true), terminating("agent-old")))).isTrue();
        assertThat(pending.satisfied(KEY, List.of())).isTrue(); // forgotten once satisfied
    }

    @Test
    void pendingWritesExpireSoALostEventCannotBlockTheDaemonSetForever() {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
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
        PendingWrites pending = new PendingWrites(clock);
        pending.record(KEY, Set.of("agent-new"), Set.of());
        assertThat(pending.satisfied(KEY, List.of())).isFalse();
        now[0] = now[0].plus(Duration.ofMinutes(6));
        assertThat(pending.satisfied(KEY, List.of())).isTrue();
    }
}
