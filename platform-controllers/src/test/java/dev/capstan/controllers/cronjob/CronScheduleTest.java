package dev.capstan.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @ParameterizedTest(name = "\"{0}\" after {1} runs at {2}")
    @CsvSource(delimiter = '|', value = {
            "* * * * *          | 2026-11-25T00:00:00Z | 2026-11-25T00:01:00Z",
            "* * * * *          | 2026-11-25T00:00:30Z | 2026-11-25T00:01:00Z",
            "*/15 * * * *       | 2026-11-25T00:16:00Z | 2026-11-25T00:30:00Z",
            "5,35 * * * *       | 2026-11-25T00:06:00Z | 2026-11-25T00:35:00Z",
            "0 9-17/4 * * *     | 2026-11-25T09:00:00Z | 2026-11-25T13:00:00Z",
            "0 0 * * MON        | 2026-11-25T00:00:00Z | 2026-11-30T00:00:00Z",
            "0 0 * * 0          | 2026-11-25T00:00:00Z | 2026-11-29T00:00:00Z",
            "0 0 * * 7          | 2026-11-25T00:00:00Z | 2026-11-29T00:00:00Z",
            "0 0 1 JAN *        | 2026-11-25T00:00:00Z | 2027-01-01T00:00:00Z",
            "0 0 1 * *          | 2026-11-25T00:00:00Z | 2026-12-01T00:00:00Z",
            "@hourly            | 2026-11-25T00:00:00Z | 2026-11-25T01:00:00Z",
            "@daily             | 2026-11-25T00:00:00Z | 2026-11-26T00:00:00Z",
            "@midnight          | 2026-11-25T10:00:00Z | 2026-11-26T00:00:00Z",
            "@weekly            | 2026-11-25T00:00:00Z | 2026-11-29T00:00:00Z",
            "@monthly           | 2026-11-25T00:00:00Z | 2026-12-01T00:00:00Z",
            "@yearly            | 2026-11-25T00:00:00Z | 2027-01-01T00:00:00Z",
            "@annually          | 2026-11-25T00:00:00Z | 2027-01-01T00:00:00Z",
            // day-of-month and day-of-week both restricted: either matches (Unix cron), 2026-11-25 is a Wednesday
            "0 0 1 * FRI        | 2026-11-25T00:00:00Z | 2026-11-27T00:00:00Z",
            "0 0 26 * MON       | 2026-11-25T00:00:00Z | 2026-11-26T00:00:00Z",
            // a star-led day-of-month keeps the AND
            "0 0 */2 * THU      | 2026-11-25T00:00:00Z | 2026-12-03T00:00:00Z"})
    void nextTimesInUtc(String schedule, String after, String next) {
        assertThat(CronSchedule.parse(schedule, UTC).next(Instant.parse(after))).isEqualTo(Instant.parse(next));
    }

    @ParameterizedTest(name = "\"{0}\" in {1} after {2} runs at {3}")
    @CsvSource(delimiter = '|', value = {
            "0 9 * * *   | Europe/Berlin    | 2026-11-25T00:00:00Z | 2026-11-25T08:00:00Z",
            "0 9 * * *   | Europe/Berlin    | 2026-07-01T00:00:00Z | 2026-07-01T07:00:00Z",
            "0 9 * * *   | America/New_York | 2026-11-25T00:00:00Z | 2026-11-25T14:00:00Z",
            "0 0 * * *   | Asia/Kolkata     | 2026-11-25T00:00:00Z | 2026-11-25T18:30:00Z",
            // DST starts 2026-03-08 in New York (02:00 -> 03:00): 01:00 EST then 03:00 EDT are one hour apart
            "0 * * * *   | America/New_York | 2026-03-08T06:30:00Z | 2026-03-08T07:00:00Z",
            "0 * * * *   | America/New_York | 2026-03-08T07:00:00Z | 2026-03-08T07:00:00Z+1h",
            // DST ends 2026-11-01 (02:00 -> 01:00): the day still has one 09:00
            "0 9 * * *   | America/New_York | 2026-11-01T00:00:00Z | 2026-11-01T14:00:00Z",
            "TZ=Asia/Tokyo 0 9 * * * | UTC  | 2026-11-25T01:00:00Z | 2026-11-26T00:00:00Z"})
    void nextTimesInTimeZones(String schedule, String zone, String after, String next) {
        Instant expected = next.endsWith("+1h") ? Instant.parse(next.substring(0, next.length() - 3)).plusSeconds(3600)
                : Instant.parse(next);
        assertThat(CronSchedule.parse(schedule, ZoneId.of(zone)).next(Instant.parse(after))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"* * * *", "* * * * * *", "61 * * * *", "* 25 * * *", "@every", "@reboot", "foo bar baz qux quux",
            "TZ=Nowhere/City * * * * *"})
    void invalidSchedulesAreRejected(String schedule) {
        assertThatThrownBy(() -> CronSchedule.parse(schedule, UTC)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "zone \"{0}\"")
    @CsvSource(nullValues = "null", value = {"null, UTC", "'', UTC", "UTC, UTC", "Europe/Berlin, Europe/Berlin"})
    void zonesResolveAsGoLoadLocation(String name, String zone) {
        assertThat(CronSchedule.zone(name)).isEqualTo(ZoneId.of(zone));
    }
}
