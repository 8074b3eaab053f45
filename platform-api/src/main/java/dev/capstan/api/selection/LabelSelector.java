package dev.capstan.api.selection;

import dev.capstan.api.validation.BadValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A label selector with upstream's semantics ({@code k8s.io/apimachinery/pkg/labels}). */
public interface LabelSelector {

    /** Whether an object with these labels is selected. */
    boolean matches(Map<String, String> labels);

    /** Whether the selector selects everything (no requirements). {@link #nothing()} is not empty. */
    boolean isEmpty();

    /**
     * Parses a {@code ?labelSelector=} expression: {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)},
     * {@code k notin (a,b)}, {@code k}, {@code !k}, {@code k>1}, {@code k<1}, joined by commas (AND); spaces,
     * tabs and newlines separate tokens. An empty or blank expression selects everything.
     *
     * @throws SelectorException with upstream's message on bad syntax or invalid keys or values
     */
    static LabelSelector parse(String expression) {
        return new RequirementsSelector(new LabelSelectorParser(expression == null ? "" : expression).parse());
    }

    /**
     * Converts a {@code metav1.LabelSelector} JSON object (matchLabels and matchExpressions with In, NotIn, Exists,
     * DoesNotExist) as upstream's {@code LabelSelectorAsSelector}: null or missing selects nothing, an empty
     * object selects everything.
     *
     * @throws SelectorException with upstream's message on an unknown operator or invalid keys or values
     */
    static LabelSelector fromJson(JsonNode selector) {
        if (selector == null || selector.isNull() || selector.isMissingNode()) {
            return nothing();
        }
        List<Requirement> requirements = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
            requirements.add(Requirement.of(e.getKey(), Operator.EQUALS, List.of(text(e.getValue()))));
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            String op = text(expr.path("operator"));
            Operator operator = switch (op) {
                case "In" -> Operator.IN;
                case "NotIn" -> Operator.NOT_IN;
                case "Exists" -> Operator.EXISTS;
                case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                default -> throw new SelectorException(
                        BadValues.goQuote(op) + " is not a valid label selector operator");
            };
            List<String> values = null;
            if (expr.path("values").isArray() && !expr.path("values").isEmpty()) {
                values = new ArrayList<>();
                for (JsonNode v : expr.path("values")) {
                    values.add(text(v));
                }
            }
            requirements.add(Requirement.of(text(expr.path("key")), operator, values));
        }
        return new RequirementsSelector(requirements);
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.stringValue() : node.isValueNode() && !node.isNull() ? node.asString() : "";
    }

    /** The selector that selects every object. */
    static LabelSelector everything() {
        return new RequirementsSelector(List.of());
    }

    /** The selector that selects no object (upstream's {@code labels.Nothing()}, a nil metav1.LabelSelector). */
    static LabelSelector nothing() {
        return new LabelSelector() {
            @Override
            public boolean matches(Map<String, String> labels) {
                return false;
            }

            @Override
            public boolean isEmpty() {
                return false;
            }

            @Override
            public String toString() {
                return "<none>";
            }
        };
    }
}
