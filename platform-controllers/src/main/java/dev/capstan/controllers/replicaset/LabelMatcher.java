package dev.capstan.controllers.replicaset;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * A ReplicaSet's {@code LabelSelector} or a ReplicationController's selector map as a predicate on labels.
 * A null or empty selector matches nothing: upstream's pod-to-owner lookup refuses to let an empty selector
 * "creep in" and match everything, and validation never lets one through anyway.
 */
public final class LabelMatcher {

    private static final LabelMatcher NOTHING = new LabelMatcher(Map.of(), List.of());

    private final Map<String, String> matchLabels;
    private final List<LabelSelectorRequirement> expressions;

    private LabelMatcher(Map<String, String> matchLabels, List<LabelSelectorRequirement> expressions) {
        this.matchLabels = matchLabels;
        this.expressions = expressions;
    }

    public static LabelMatcher of(LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        return new LabelMatcher(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels(),
                selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions());
    }

    public static LabelMatcher of(Map<String, String> selector) {
        return selector == null ? NOTHING : new LabelMatcher(selector, List.of());
    }

    public boolean isEmpty() {
        return matchLabels.isEmpty() && expressions.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        if (isEmpty()) {
            return false;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(have.get(e.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement r : expressions) {
            List<String> values = r.getValues() == null ? List.of() : r.getValues();
            String value = have.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> have.containsKey(r.getKey());
                case "DoesNotExist" -> !have.containsKey(r.getKey());
                default -> false; // an unknown operator selects nothing, as an invalid selector would
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
