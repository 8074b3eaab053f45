package dev.capstan.controllers.cronjob;

import java.time.Duration;
import java.time.Instant;

/**
 * Upstream's mostRecentScheduleTime: the latest schedule time in {@code (earliest, now]} and roughly how many
 * were missed, computed without walking every missed time (a CronJob suspended for a year must not make
 * the controller iterate half a million minutes).
 *
 * @param mostRecent the latest unmet schedule time, or null when none passed
 * @param missed     upstream's estimate of how many schedule times passed
 */
record MissedSchedules(Instant mostRecent, long missed) {

    static MissedSchedules between(Instant earliest, Instant now, CronSchedule schedule) {
        Instant t1 = schedule.next(earliest);
        if (t1 == null || now.isBefore(t1)) {
            return new MissedSchedules(null, 0);
        }
        Instant t2 = schedule.next(t1);
        if (t2 == null || now.isBefore(t2)) {
            return new MissedSchedules(t1, 1);
        }
        long interval = Math.round(Duration.between(t1, t2).toMillis() / 1000.0);
        if (interval < 1) {
            throw new IllegalArgumentException("time difference between two schedules is less than 1 second");
        }
        long elapsed = Duration.between(t1, now).getSeconds();
        long missed = elapsed / interval + 1;
        // Start a little before the estimate and let the schedule find the exact latest time: irregular
        // schedules (e.g. "30 6-16/4 * * 1-5") do not have a constant interval.
        Instant potentialEarliest = t1.plusSeconds((missed - 2) * interval);
        Instant mostRecent = latestUntil(schedule.next(potentialEarliest), now, schedule);
        if (mostRecent == null) {
            // The estimate overshot (irregular schedule with a short first interval): walk from t1 instead.
            mostRecent = latestUntil(t1, now, schedule);
        }
        return new MissedSchedules(mostRecent, missed);
    }

    private static Instant latestUntil(Instant first, Instant now, CronSchedule schedule) {
        Instant mostRecent = null;
        for (Instant t = first; t != null && !t.isAfter(now); t = schedule.next(t)) {
            mostRecent = t;
        }
        return mostRecent;
    }
}
