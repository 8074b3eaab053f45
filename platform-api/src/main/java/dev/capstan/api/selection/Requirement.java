package dev.capstan.api.selection;

import dev.capstan.api.validation.FieldError;
import dev.capstan.api.validation.InvalidMessage;
import dev.capstan.api.validation.LabelRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One validated label requirement (upstream's {@code labels.Requirement}); values are sorted and distinct. */
record Requirement(String key, Operator operator, List<String> values) {

    /**
     * Validates as upstream's {@code NewRequirement} (key, value count per operator, integer values for gt/lt,
     * label values) and throws with its aggregated message. {@code values} may be null, printed as JSON null.
     */
    static Requirement of(String key, Operator op, List<String> values) {
        List<String> vals = values == null ? List.of() : values;
        List<FieldError> errs = new ArrayList<>();
        List<String> keyErrs = LabelRules.isQualifiedName(key);
        if (!keyErrs.isEmpty()) {
            errs.add(FieldError.invalid("key", key, String.join("; ", keyErrs)));
        }
        switch (op) {
            case IN, NOT_IN -> {
                if (vals.isEmpty()) {
                    errs.add(FieldError.invalid("values", values, "for 'in', 'notin' operators, values set can't be empty"));
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (vals.size() != 1) {
                    errs.add(FieldError.invalid("values", values, "exact-match compatibility requires one single value"));
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!vals.isEmpty()) {
                    errs.add(FieldError.invalid("values", values, "values set must be empty for exists and does not exist"));
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                if (vals.size() != 1) {
                    errs.add(FieldError.invalid("values", values, "for 'Gt', 'Lt' operators, exactly one value is required"));
                }
                for (int i = 0; i < vals.size(); i++) {
                    if (parseLong(vals.get(i)) == null) {
                        errs.add(FieldError.invalid("values[" + i + "]", vals.get(i),
                                "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }
            }
        }
        for (int i = 0; i < vals.size(); i++) {
            List<String> valueErrs = LabelRules.isLabelValue(vals.get(i));
            if (!valueErrs.isEmpty()) {
                errs.add(FieldError.invalid("values[" + i + "][" + key + "]", vals.get(i), String.join("; ", valueErrs)));
            }
        }
        if (!errs.isEmpty()) {
            throw new SelectorException(InvalidMessage.aggregate(errs));
        }
        return new Requirement(key, op, List.copyOf(vals));
    }

    /** Upstream's {@code Requirement.Matches}; a missing label satisfies only notin, != and !key. */
    boolean matches(Map<String, String> labels) {
        String value = labels.get(key);
        boolean has = labels.containsKey(key);
        return switch (operator) {
            case IN, EQUALS, DOUBLE_EQUALS -> has && values.contains(value);
            case NOT_IN, NOT_EQUALS -> !has || !values.contains(value);
            case EXISTS -> has;
            case DOES_NOT_EXIST -> !has;
            case GREATER_THAN, LESS_THAN -> {
                Long actual = has ? parseLong(value) : null;
                Long bound = values.size() == 1 ? parseLong(values.get(0)) : null;
                if (actual == null || bound == null) {
                    yield false;
                }
                yield operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
            }
        };
    }

    /** Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits, 64-bit range. */
    static Long parseLong(String s) {
        if (s == null || !s.matches("[+-]?[0-9]+")) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return switch (operator) {
            case EXISTS -> key;
            case DOES_NOT_EXIST -> "!" + key;
            case IN, NOT_IN -> key + operator.infix + "(" + String.join(",", values) + ")";
            default -> key + operator.infix + String.join(",", values);
        };
    }
}
