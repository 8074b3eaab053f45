package dev.capstan.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

    private static final ObjectKey KEY = new ObjectKey("ns", "rs");

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

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
            return now;
        }
    }

    @Test
    void aControllerWaitsForEveryCreationItExpectsBeforeTrustingItsCacheAgain() {
        Expectations expectations = new Expectations();
        assertThat(expectations.satisfied(KEY)).as("nothing expected").isTrue();
        expectations.expect(KEY, 2, 0);
        assertThat(expectations.satisfied(KEY)).isFalse();
        expectations.creationObserved(KEY);
        assertThat(expectations.satisfied(KEY)).isFalse();
        expectations.creationObserved(KEY);
        assertThat(expectations.satisfied(KEY)).isTrue();
    }

    @Test
    void deletionsCountToo() {
        Expectations expectations = new Expectations();
        expectations.expect(KEY, 0, 1);
        assertThat(expectations.satisfied(KEY)).isFalse();
        expectations.deletionObserved(KEY);
        assertThat(expectations.satisfied(KEY)).isTrue();
    }

    @Test
    void lostEventsDoNotBlockForeverExpectationsExpireAfterFiveMinutes() {
        MovableClock clock = new MovableClock();
        Expectations expectations = new Expectations(clock);
        expectations.expect(KEY, 3, 0);
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertThat(expectations.satisfied(KEY)).isFalse();
        clock.now = clock.now.plusSeconds(1);
        assertThat(expectations.satisfied(KEY)).isTrue();
    }

    @Test
    void deletingTheOwnerForgetsItsExpectations() {
        Expectations expectations = new Expectations();
        expectations.expect(KEY, 5, 0);
        expectations.delete(KEY);
        assertThat(expectations.satisfied(KEY)).isTrue();
    }
}
