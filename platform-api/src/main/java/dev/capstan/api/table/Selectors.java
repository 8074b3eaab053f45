package dev.capstan.api.table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Label selectors rendered as upstream's labels.Selector String() renders them. */
final class Selectors {

    private Selectors() {
    }

    /** The selector was not one upstream could convert (an unknown operator). */
    static final class InvalidSelector extends Exception {
        InvalidSelector(String message) {
            super(message, null, false, false);
        }
    }

    private record Requirement(String key, String text) {
    }

    /**
     * Upstream's metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key and comma-joined,
     * e.g. {@code app=web,tier in (a,b),!legacy}. An absent or empty selector is "".
     */
    static String asSelectorString(JsonNode selector) throws InvalidSelector {
        if (selector == null || !selector.isObject()) {
            return "";
        }
        List<Requirement> reqs = new ArrayList<>();
        JsonNode matchLabels = selector.path("matchLabels");
        if (matchLabels.isObject()) {
            for (Map.Entry<String, JsonNode> e : matchLabels.properties()) {
                reqs.add(new Requirement(e.getKey(), e.getKey() + "=" + e.getValue().asString("")));
            }
        }
        for (JsonNode expr : Fields.list(selector, "matchExpressions")) {
            String key = Fields.str(expr, "key");
            List<String> values = new ArrayList<>();
            Fields.list(expr, "values").forEach(v -> values.add(v.asString("")));
            values.sort(Comparator.naturalOrder());
            String text = switch (Fields.str(expr, "operator")) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> throw new InvalidSelector("\"" + Fields.str(expr, "operator")
                        + "\" is not a valid label selector operator");
            };
            reqs.add(new Requirement(key, text));
        }
        reqs.sort(Comparator.comparing(Requirement::key));
        List<String> parts = new ArrayList<>();
        reqs.forEach(r -> parts.add(r.text()));
        return String.join(",", parts);
    }

    /** Upstream's metav1.FormatLabelSelector: the selector string, {@code <none>} if empty, {@code <error>} if invalid. */
    static String format(JsonNode selector) {
        try {
            String s = asSelectorString(selector);
            return s.isEmpty() ? "<none>" : s;
        } catch (InvalidSelector e) {
            return "<error>";
        }
    }
}
