package dev.capstan.controllers.cronjob;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import org.springframework.scheduling.support.CronExpression;

/**
 * A CronJob schedule in standard (Unix, 5-field) cron syntax, as upstream's robfig/cron ParseStandard reads
 * it: minute hour day-of-month month day-of-week with ranges, steps, lists and month/day names, the
 * {@code @yearly ... @hourly} macros, evaluated in a time zone.
 *
 * <p>Why Spring's {@link CronExpression}: no dedicated cron library (cron-utils) resolves offline in this
 * build, and spring-context is already on the classpath. It is a 6-field (seconds first) Quartz-like parser,
 * so we prefix {@code "0 "} and add what differs from Unix cron ourselves: the macros, and the rule that when
 * both day-of-month and day-of-week are restricted (neither starts with {@code *} or {@code ?}) a day matching
 * either one runs (Spring requires both). Zone rules, DST included, come from {@link ZonedDateTime}.
 */
public final class CronSchedule {

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private final CronExpression expression;
    /** Set only when day-of-month and day-of-week are both restricted: either may match. */
    private final CronExpression domOnly;
    private final CronExpression dowOnly;
    private final ZoneId zone;

    private CronSchedule(CronExpression expression, CronExpression domOnly, CronExpression dowOnly, ZoneId zone) {
        this.expression = expression;
        this.domOnly = domOnly;
        this.dowOnly = dowOnly;
        this.zone = zone;
    }

    /**
     * Parses {@code schedule} evaluated in {@code zone}. A leading {@code TZ=} / {@code CRON_TZ=} zone (which
     * upstream's API rejects for new CronJobs but robfig still honours for old ones) overrides it.
     *
     * @throws IllegalArgumentException when the schedule or zone is invalid
     */
    public static CronSchedule parse(String schedule, ZoneId zone) {
        String spec = schedule.trim();
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int space = spec.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("provided bad location " + spec);
            }
            zone = zone(spec.substring(spec.indexOf('=') + 1, space));
            spec = spec.substring(space + 1).trim();
        }
        if (spec.startsWith("@")) {
            String expanded = MACROS.get(spec.toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw new IllegalArgumentException("unrecognized descriptor: " + spec);
            }
            spec = expanded;
        }
        String[] fields = spec.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": " + spec);
        }
        try {
            CronExpression full = CronExpression.parse("0 " + String.join(" ", fields));
            if (restricted(fields[2]) && restricted(fields[4])) {
                CronExpression dom = CronExpression.parse("0 " + fields[0] + " " + fields[1] + " " + fields[2] + " " + fields[3] + " *");
                CronExpression dow = CronExpression.parse("0 " + fields[0] + " " + fields[1] + " * " + fields[3] + " " + fields[4]);
                return new CronSchedule(full, dom, dow, zone);
            }
            return new CronSchedule(full, null, null, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** An IANA zone as Go's time.LoadLocation reads it ("" and "UTC" are UTC, "Local" is the process's zone). */
    public static ZoneId zone(String name) {
        if (name == null || name.isEmpty() || name.equals("UTC")) {
            return ZoneId.of("UTC");
        }
        if (name.equals("Local")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone " + name, e);
        }
    }

    /** The first scheduled time strictly after {@code after}, or null when none exists (e.g. Feb 31). */
    public Instant next(Instant after) {
        ZonedDateTime at = after.atZone(zone);
        if (domOnly == null) {
            ZonedDateTime next = expression.next(at);
            return next == null ? null : next.toInstant();
        }
        ZonedDateTime a = domOnly.next(at);
        ZonedDateTime b = dowOnly.next(at);
        if (a == null || b == null) {
            return a == null ? (b == null ? null : b.toInstant()) : a.toInstant();
        }
        return a.isBefore(b) ? a.toInstant() : b.toInstant();
    }

    public ZoneId zone() {
        return zone;
    }

    private static boolean restricted(String field) {
        return !field.startsWith("*") && !field.startsWith("?");
    }
}
