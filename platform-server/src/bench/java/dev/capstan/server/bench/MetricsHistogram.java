package dev.capstan.server.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a quantile out of a Prometheus histogram in text exposition format (upper bucket bound, as histogram_quantile would bound it). */
final class MetricsHistogram {

    private MetricsHistogram() {
    }

    /** The smallest bucket bound holding {@code q} of the observations of the series matching {@code labelFilter}, e.g. "≤ 12.5 ms". */
    static String quantile(String exposition, String histogram, String labelFilter, double q) {
        Pattern bucket = Pattern.compile("^" + histogram + "_bucket\\{(.*)le=\"([^\"]+)\".*} ([0-9.eE+]+)$");
        List<double[]> buckets = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            Matcher m = bucket.matcher(line);
            if (m.matches() && m.group(1).contains(labelFilter)) {
                double le = m.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2));
                buckets.add(new double[] {le, Double.parseDouble(m.group(3))});
            }
        }
        if (buckets.isEmpty()) {
            return "n/a";
        }
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        double total = buckets.get(buckets.size() - 1)[1];
        for (double[] b : buckets) {
            if (b[1] >= q * total) {
                return Double.isInfinite(b[0]) ? "> max bucket" : String.format("≤ %.1f ms", b[0] * 1000);
            }
        }
        return "n/a";
    }
}
