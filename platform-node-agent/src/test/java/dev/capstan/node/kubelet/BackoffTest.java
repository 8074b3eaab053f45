package dev.capstan.node.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BackoffTest {

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

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
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    @Test
    void theFirstRetryIsImmediateThenTheDelayDoublesUpToTheMaximum() {
        MutableClock clock = new MutableClock();
        Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), clock);
        assertThat(backoff.inBackoffSince("pod/c", clock.instant())).isFalse();
        backoff.next("pod/c");
        assertThat(backoff.delay("pod/c")).isEqualTo(Duration.ofSeconds(10));
        Instant crashed = clock.instant();
        clock.advance(Duration.ofSeconds(9));
        assertThat(backoff.inBackoffSince("pod/c", crashed)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(backoff.inBackoffSince("pod/c", crashed)).isFalse();
        for (int i = 0; i < 10; i++) {
            backoff.next("pod/c");
        }
        assertThat(backoff.delay("pod/c")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anEntryIdleForTwiceTheMaximumStartsOver() {
        MutableClock clock = new MutableClock();
        Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), clock);
        backoff.next("k");
        backoff.next("k");
        assertThat(backoff.delay("k")).isEqualTo(Duration.ofSeconds(20));
        clock.advance(Duration.ofMinutes(11));
        assertThat(backoff.inBackoffSince("k", clock.instant())).isFalse();
        backoff.next("k");
        assertThat(backoff.delay("k")).isEqualTo(Duration.ofSeconds(10));
    }
}
