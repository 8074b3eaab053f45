package dev.capstan.scheduling.plugins.support;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed {@code metav1.LabelSelector} as upstream's {@code LabelSelectorAsSelector}: a null selector
 * selects nothing, an empty one ({@code {}}) selects everything, requirements are ANDed. Parsed once per
 * constraint or term so matching a pod is a few map lookups. Immutable, so shared by parallel filters.
 * Shared by the plugins that select pods by label (InterPodAffinity, PodTopologySpread).
 */
public final class LabelSelectorMatcher {

    public static final LabelSelectorMatcher NOTHING = new LabelSelectorMatcher(List.of(), true);
    public static final LabelSelectorMatcher EVERYTHING = new LabelSelectorMatcher(List.of(), false);

    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private enum Op { IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    private record Requirement(String key, Op op, Set<String> values) {
        public boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (op) {
                case IN -> value != null && values.contains(value);
                // NotIn and DoesNotExist also match a pod without the key, as upstream.
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }
    }

    private final List<Requirement> requirements;
    private final boolean nothing;

    private LabelSelectorMatcher(List<Requirement> requirements, boolean nothing) {
        this.requirements = requirements;
        this.nothing = nothing;
    }

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException with upstream-like wording when a key, value or operator is invalid
     */
    public static LabelSelectorMatcher of(LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((key, value) -> {
                validateKey(key);
                validateValue(key, 0, value);
                requirements.add(new Requirement(key, Op.IN, Set.of(value)));
            });
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement expression : selector.getMatchExpressions()) {
                requirements.add(requirement(expression));
            }
        }
        return requirements.isEmpty() ? EVERYTHING : new LabelSelectorMatcher(List.copyOf(requirements), false);
    }

    private static Requirement requirement(LabelSelectorRequirement expression) {
        String key = expression.getKey();
        validateKey(key);
        List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
        Op op = switch (String.valueOf(expression.getOperator())) {
            case "In" -> Op.IN;
            case "NotIn" -> Op.NOT_IN;
            case "Exists" -> Op.EXISTS;
            case "DoesNotExist" -> Op.DOES_NOT_EXIST;
            default -> throw new IllegalArgumentException("\"" + expression.getOperator() + "\" is not a valid label selector operator");
        };
        if ((op == Op.IN || op == Op.NOT_IN) && values.isEmpty()) {
            throw new IllegalArgumentException("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty");
        }
        if ((op == Op.EXISTS || op == Op.DOES_NOT_EXIST) && !values.isEmpty()) {
            throw new IllegalArgumentException("values: Invalid value: " + values
                    + ": values set must be empty for exists and does not exist");
        }
        for (int i = 0; i < values.size(); i++) {
            validateValue(key, i, values.get(i));
        }
        return new Requirement(key, op, Set.copyOf(values));
    }

    private static void validateValue(String key, int index, String value) {
        if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("values[" + index + "][" + key + "]: Invalid value: \"" + value
                    + "\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.',"
                    + " and must start and end with an alphanumeric character");
        }
    }

    private static void validateKey(String key) {
        String name = key == null ? "" : key.substring(key.lastIndexOf('/') + 1);
        String prefix = key == null || key.indexOf('/') < 0 ? null : key.substring(0, key.lastIndexOf('/'));
        boolean valid = name.length() <= 63 && NAME_PART.matcher(name).matches()
                && (prefix == null || (!prefix.isEmpty() && prefix.length() <= 253 && !prefix.contains("/")));
        if (!valid) {
            throw new IllegalArgumentException("key: Invalid value: \"" + key + "\": name part must consist of alphanumeric"
                    + " characters, '-', '_' or '.', and must start and end with an alphanumeric character");
        }
    }

    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        Map<String, String> safe = labels == null ? Map.of() : labels;
        for (Requirement requirement : requirements) {
            if (!requirement.matches(safe)) {
                return false;
            }
        }
        return true;
    }

    /**
     * This selector ANDed with {@code key=value} for each given label (how {@code matchLabelKeys} narrows a
     * constraint to the incoming pod's own revision). A selector that selects nothing stays so, as upstream.
     */
    public LabelSelectorMatcher withLabels(Map<String, String> labels) {
        if (nothing || labels.isEmpty()) {
            return this;
        }
        List<Requirement> merged = new ArrayList<>(requirements);
        labels.forEach((key, value) -> merged.add(new Requirement(key, Op.IN, Set.of(value))));
        return new LabelSelectorMatcher(List.copyOf(merged), false);
    }

    /** Selects every label set (upstream's {@code Selector.Empty()}). */
    public boolean isEverything() {
        return !nothing && requirements.isEmpty();
    }
}
