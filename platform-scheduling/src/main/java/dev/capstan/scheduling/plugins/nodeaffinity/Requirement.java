package dev.capstan.scheduling.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One parsed {@code matchExpressions} or {@code matchFields} requirement, checked against a map of node labels
 * (or node fields). Parsed once per pod so the per-node check is only map lookups.
 */
final class Requirement {

    enum Operator { IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GT, LT }

    private final String key;
    private final Operator operator;
    private final Set<String> values;
    private final long bound;

    private Requirement(String key, Operator operator, Set<String> values, long bound) {
        this.key = key;
        this.operator = operator;
        this.values = values;
        this.bound = bound;
    }

    /**
     * A label requirement, validated as upstream's {@code labels.NewRequirement}: In/NotIn need values,
     * Exists/DoesNotExist none, Gt/Lt exactly one integer.
     *
     * @throws IllegalArgumentException when the requirement is invalid
     */
    static Requirement label(NodeSelectorRequirement requirement) {
        String key = requirement.getKey() == null ? "" : requirement.getKey();
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        String op = requirement.getOperator() == null ? "" : requirement.getOperator();
        switch (op) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    throw invalid(key, "for 'in', 'notin' operators, values set can't be empty");
                }
                return new Requirement(key, op.equals("In") ? Operator.IN : Operator.NOT_IN, Set.copyOf(values), 0);
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    throw invalid(key, "values set must be empty for exists and does not exist");
                }
                return new Requirement(key, op.equals("Exists") ? Operator.EXISTS : Operator.DOES_NOT_EXIST, Set.of(), 0);
            }
            case "Gt", "Lt" -> {
                if (values.size() != 1) {
                    throw invalid(key, "for 'Gt', 'Lt' operators, exactly one value is required");
                }
                try {
                    long bound = Long.parseLong(values.get(0));
                    return new Requirement(key, op.equals("Gt") ? Operator.GT : Operator.LT, Set.of(), bound);
                } catch (NumberFormatException e) {
                    throw invalid(key, "for 'Gt', 'Lt' operators, the value must be an integer");
                }
            }
            default -> throw invalid(key, "operator \"" + op + "\" is not supported");
        }
    }

    /**
     * A field requirement: upstream supports only In and NotIn with exactly one value (an equality test).
     *
     * @throws IllegalArgumentException when the requirement is invalid
     */
    static Requirement field(NodeSelectorRequirement requirement) {
        String key = requirement.getKey() == null ? "" : requirement.getKey();
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        String op = requirement.getOperator() == null ? "" : requirement.getOperator();
        if (!op.equals("In") && !op.equals("NotIn")) {
            throw invalid(key, "operator \"" + op + "\" is not supported for fields, supported: \"In\", \"NotIn\"");
        }
        if (values.size() != 1) {
            throw invalid(key, "must have one element");
        }
        return new Requirement(key, op.equals("In") ? Operator.IN : Operator.NOT_IN, Set.of(values.get(0)), 0);
    }

    /** Label semantics: NotIn and DoesNotExist match an absent key; Gt/Lt need an integer label value. */
    boolean matchesLabels(Map<String, String> labels) {
        String value = labels.get(key);
        return switch (operator) {
            case IN -> value != null && values.contains(value);
            case NOT_IN -> value == null || !values.contains(value);
            case EXISTS -> value != null;
            case DOES_NOT_EXIST -> value == null;
            case GT, LT -> value != null && compares(value);
        };
    }

    /** Field semantics: a field selector term reads an absent field as the empty string. */
    boolean matchesField(String fieldKey, String fieldValue) {
        String value = key.equals(fieldKey) ? fieldValue : "";
        return operator == Operator.IN ? values.contains(value) : !values.contains(value);
    }

    private boolean compares(String value) {
        long actual;
        try {
            actual = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return false;
        }
        return operator == Operator.GT ? actual > bound : actual < bound;
    }

    private static IllegalArgumentException invalid(String key, String message) {
        return new IllegalArgumentException("key \"" + key + "\": " + message);
    }
}
