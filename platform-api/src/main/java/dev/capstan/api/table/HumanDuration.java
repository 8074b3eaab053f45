package dev.capstan.api.table;

import java.time.Duration;

/**
 * Upstream's {@code k8s.io/apimachinery/pkg/util/duration.HumanDuration}: a duration with about two to three
 * significant figures, the format of every AGE column ("5s", "3m12s", "2d3h", "45d", "2y1d").
 */
public final class HumanDuration {

    private HumanDuration() {
    }

    /**
     * Formats {@code d}. Up to two seconds in the past ("clock skew") read as "0s"; further back is
     * {@code <invalid>}.
     */
    public static String format(Duration d) {
        // Go's int(d.Seconds()) truncates toward zero; Duration.getSeconds() floors.
        long seconds = d.getSeconds();
        if (seconds < 0 && d.getNano() > 0) {
            seconds++;
        }
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = seconds / 3600;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        }
        if (hours < 24 * 365 * 8) {
            long days = (hours / 24) % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
