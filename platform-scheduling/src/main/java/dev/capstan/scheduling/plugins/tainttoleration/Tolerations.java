package dev.capstan.scheduling.plugins.tainttoleration;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Upstream's toleration matching ({@code Toleration.ToleratesTaint} and {@code TolerationsTolerateTaint}), public
 * because NodeUnschedulable and PodTopologySpread's {@code nodeTaintsPolicy: Honor} judge taints the same way.
 */
public final class Tolerations {

    public static final String EFFECT_NO_SCHEDULE = "NoSchedule";
    public static final String EFFECT_PREFER_NO_SCHEDULE = "PreferNoSchedule";
    public static final String EFFECT_NO_EXECUTE = "NoExecute";

    private Tolerations() {
    }

    /**
     * Whether one toleration tolerates the taint: an empty effect matches every effect, an empty key (only valid
     * with {@code Exists}) matches every key, {@code Exists} ignores the value, {@code Equal} (or no operator)
     * compares it.
     */
    public static boolean tolerates(Toleration toleration, Taint taint) {
        String effect = toleration.getEffect();
        if (effect != null && !effect.isEmpty() && !effect.equals(taint.getEffect())) {
            return false;
        }
        String key = toleration.getKey();
        if (key != null && !key.isEmpty() && !key.equals(taint.getKey())) {
            return false;
        }
        String operator = toleration.getOperator();
        if (operator == null || operator.isEmpty() || "Equal".equals(operator)) {
            return emptyIfNull(toleration.getValue()).equals(emptyIfNull(taint.getValue()));
        }
        // Any other operator is invalid; upstream treats it as not tolerating.
        return "Exists".equals(operator);
    }

    /** Whether any of the tolerations tolerates the taint. */
    public static boolean tolerate(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return false;
        }
        for (Toleration toleration : tolerations) {
            if (tolerates(toleration, taint)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first taint (in node order) that passes {@code inScope} and no toleration tolerates, or null
     * (upstream's {@code FindMatchingUntoleratedTaint}).
     */
    public static Taint firstUntolerated(List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> inScope) {
        if (taints == null) {
            return null;
        }
        for (Taint taint : taints) {
            if (inScope.test(taint) && !tolerate(tolerations, taint)) {
                return taint;
            }
        }
        return null;
    }

    /** NoSchedule and NoExecute taints: the ones that keep new pods off a node (upstream's DoNotScheduleTaintsFilterFunc). */
    public static boolean isDoNotSchedule(Taint taint) {
        return EFFECT_NO_SCHEDULE.equals(taint.getEffect()) || EFFECT_NO_EXECUTE.equals(taint.getEffect());
    }

    private static String emptyIfNull(String value) {
        return value == null ? "" : value;
    }
}
