package dev.capstan.api.admission;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** Kubernetes resource quantities ("100m", "1Gi", "2", "1e3") as exact decimals, and back. */
final class Quantities {

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("", BigDecimal.ONE),
            Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")), Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1024)), Map.entry("Mi", BigDecimal.valueOf(1024L * 1024)),
            Map.entry("Gi", BigDecimal.valueOf(1024L * 1024 * 1024)),
            Map.entry("Ti", BigDecimal.valueOf(1024L * 1024 * 1024 * 1024)),
            Map.entry("Pi", BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024)),
            Map.entry("Ei", BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024 * 1024)));

    private Quantities() {
    }

    static BigDecimal parse(String quantity) {
        String q = quantity.trim();
        int end = q.length();
        while (end > 0 && Character.isLetter(q.charAt(end - 1)) && !isExponent(q, end - 1)) {
            end--;
        }
        String suffix = q.substring(end);
        BigDecimal multiplier = SUFFIXES.get(suffix);
        if (multiplier == null) {
            throw new NumberFormatException("quantities must match the regular expression "
                    + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        }
        return new BigDecimal(q.substring(0, end)).multiply(multiplier);
    }

    private static boolean isExponent(String q, int i) {
        return (q.charAt(i) == 'e' || q.charAt(i) == 'E') && i + 1 < q.length();
    }

    /** A canonical string: whole numbers plainly ("2", "1073741824" as "1Gi"), fractions in milli-units. */
    static String format(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.scale() > 0) {
            return v.movePointRight(3).setScale(0, RoundingMode.UP).toPlainString() + "m";
        }
        for (String suffix : new String[] {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"}) {
            BigDecimal unit = SUFFIXES.get(suffix);
            if (v.compareTo(unit) >= 0 && v.remainder(unit).signum() == 0) {
                return v.divide(unit).toPlainString() + suffix;
            }
        }
        return v.toPlainString();
    }
}
