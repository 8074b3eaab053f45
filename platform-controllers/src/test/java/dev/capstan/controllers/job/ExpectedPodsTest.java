package dev.capstan.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpectedPodsTest {

    private static final ObjectKey JOB = new ObjectKey("default", "pi");
    private final Map<String, Pod> cache = new HashMap<>();
    private final Lister<Pod> lister = new Lister<>() {
        @Override
        public Pod get(String namespace, String name) {
            return cache.get(name);
        }

        @Override
        public List<Pod> list(String namespace) {
            return List.copyOf(cache.values());
        }

        @Override
        public List<Pod> list(String namespace, Map<String, String> labels) {
            return list(namespace);
        }
    };

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    @Test
    void createdPodsMustBeSeenBeforeTheJobIsSyncedAgain() {
        ExpectedPods expected = new ExpectedPods(Clock.systemUTC());
        expected.expect(JOB, List.of("pi-a", "pi-b"), List.of());
        assertThat(expected.satisfied(JOB, lister)).isFalse();
        cache.put("pi-a", pod("pi-a"));
        assertThat(expected.satisfied(JOB, lister)).isFalse();
        expected.observed(JOB, "pi-b"); // seen in an event, maybe already gone again
        assertThat(expected.satisfied(JOB, lister)).isTrue();
    }

    @Test
    void deletedPodsMustBeGoneOrTerminating() {
        ExpectedPods expected = new ExpectedPods(Clock.systemUTC());
        cache.put("pi-a", pod("pi-a"));
        cache.put("pi-b", pod("pi-b"));
        expected.expect(JOB, List.of(), List.of("pi-a", "pi-b"));
        assertThat(expected.satisfied(JOB, lister)).isFalse();
        cache.remove("pi-a");
        cache.put("pi-b", new PodBuilder(pod("pi-b")).editMetadata().withDeletionTimestamp("2026-11-25T00:00:00Z").endMetadata().build());
        assertThat(expected.satisfied(JOB, lister)).isTrue();
    }

    @Test
    void expectationsExpireAfterFiveMinutes() {
        Instant start = Instant.parse("2026-11-25T00:00:00Z");
        Clock[] clock = {Clock.fixed(start, ZoneOffset.UTC)};
        ExpectedPods expected = new ExpectedPods(new Clock() {
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
                return clock[0].instant();
            }
        });
        expected.expect(JOB, List.of("never-seen"), List.of());
        assertThat(expected.satisfied(JOB, lister)).isFalse();
        clock[0] = Clock.fixed(start.plus(Duration.ofMinutes(5)).plusSeconds(1), ZoneOffset.UTC);
        assertThat(expected.satisfied(JOB, lister)).isTrue();
    }
}
