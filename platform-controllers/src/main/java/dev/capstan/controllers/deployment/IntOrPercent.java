package dev.capstan.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;

/** Upstream's {@code intstr.GetScaledValueFromIntOrPercent}: an int as is, "N%" of {@code total} rounded as asked. */
public final class IntOrPercent {

    private IntOrPercent() {
    }

    public static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s == null || s.isEmpty()) {
            return 0;
        }
        if (!s.endsWith("%")) {
            // Upstream rejects a non-percent string; validation keeps them out, so read a plain number leniently.
            return Integer.parseInt(s.trim());
        }
        long percent = Long.parseLong(s.substring(0, s.length() - 1).trim());
        long product = percent * total;
        return (int) (roundUp ? -Math.floorDiv(-product, 100L) : Math.floorDiv(product, 100L));
    }
}
