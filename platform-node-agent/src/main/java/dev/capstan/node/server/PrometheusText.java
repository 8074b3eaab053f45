package dev.capstan.node.server;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a Prometheus text exposition (format 0.0.4): families in name order, each with its HELP and TYPE lines
 * and then its samples sorted by their labels, as the Go client writes them. Not thread-safe; one per scrape.
 */
final class PrometheusText {

    /** The Content-Type of format 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, Family> families = new TreeMap<>();

    /** Declares a family (idempotent: the first HELP and TYPE win). {@code type} is "counter" or "gauge". */
    PrometheusText family(String name, String type, String help) {
        families.computeIfAbsent(name, n -> new Family(type, help));
        return this;
    }

    /**
     * Adds a sample to a declared family.
     *
     * @param labels      label names and values, in the order written (upstream writes them sorted by name)
     * @param timestampMs the sample's timestamp in Unix milliseconds, or null for none
     */
    PrometheusText sample(String name, Map<String, String> labels, double value, Long timestampMs) {
        Family family = families.get(name);
        if (family == null) {
            throw new IllegalArgumentException("undeclared metric family " + name);
        }
        StringBuilder line = new StringBuilder(name);
        if (!labels.isEmpty()) {
            line.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!first) {
                    line.append(',');
                }
                first = false;
                line.append(label.getKey()).append("=\"").append(escapeLabelValue(label.getValue())).append('"');
            }
            line.append('}');
        }
        line.append(' ').append(format(value));
        if (timestampMs != null) {
            line.append(' ').append(timestampMs);
        }
        family.samples.add(line.append('\n').toString());
        return this;
    }

    /** The exposition; families without samples are left out, as the Go client does. */
    String render() {
        StringBuilder out = new StringBuilder();
        families.forEach((name, family) -> {
            if (family.samples.isEmpty()) {
                return;
            }
            out.append("# HELP ").append(name).append(' ').append(escapeHelp(family.help)).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(family.type).append('\n');
            family.samples.stream().sorted().forEach(out::append);
        });
        return out.toString();
    }

    /** Shortest round-tripping decimal without an exponent for ordinary magnitudes (Go's 'g', -1 style). */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static final class Family {
        final String type;
        final String help;
        final List<String> samples = new ArrayList<>();

        Family(String type, String help) {
            this.type = type;
            this.help = help;
        }
    }
}
