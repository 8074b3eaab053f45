package dev.capstan.scheduling.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * The minimal part of upstream's {@code nodeaffinity.RequiredNodeAffinity} topology spreading needs: the
 * pod's {@code nodeSelector} AND its required node affinity (terms ORed, expressions and fields within a
 * term ANDed). Spreading counts only nodes the pod could land on ({@code nodeAffinityPolicy: Honor}). Kept
 * private to this plugin on purpose; the NodeAffinity plugin owns the full matcher. Invalid requirements
 * match nothing, as upstream ignores parse errors here.
 */
final class RequiredNodeAffinity {

    private static final RequiredNodeAffinity ANY = new RequiredNodeAffinity(Map.of(), null);

    private final Map<String, String> nodeSelector;
    private final List<NodeSelectorTerm> terms;

    private RequiredNodeAffinity(Map<String, String> nodeSelector, List<NodeSelectorTerm> terms) {
        this.nodeSelector = nodeSelector;
        this.terms = terms;
    }

    static RequiredNodeAffinity of(Pod pod) {
        if (pod.getSpec() == null) {
            return ANY;
        }
        Map<String, String> selector = pod.getSpec().getNodeSelector() == null ? Map.of() : pod.getSpec().getNodeSelector();
        Affinity affinity = pod.getSpec().getAffinity();
        NodeSelector required = affinity == null || affinity.getNodeAffinity() == null ? null
                : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        List<NodeSelectorTerm> terms = required == null ? null
                : required.getNodeSelectorTerms() == null ? List.of() : required.getNodeSelectorTerms();
        return selector.isEmpty() && terms == null ? ANY : new RequiredNodeAffinity(selector, terms);
    }

    boolean matches(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        for (Map.Entry<String, String> wanted : nodeSelector.entrySet()) {
            if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
                return false;
            }
        }
        if (terms == null) {
            return true;
        }
        for (NodeSelectorTerm term : terms) {
            if (termMatches(term, labels, node.getMetadata().getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean termMatches(NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
        List<NodeSelectorRequirement> expressions = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false; // an empty term matches no node
        }
        for (NodeSelectorRequirement expression : expressions) {
            if (!requirementMatches(expression, labels.get(expression.getKey()))) {
                return false;
            }
        }
        for (NodeSelectorRequirement field : fields) {
            boolean supported = "metadata.name".equals(field.getKey())
                    && ("In".equals(field.getOperator()) || "NotIn".equals(field.getOperator()));
            if (!supported || !requirementMatches(field, nodeName)) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirementMatches(NodeSelectorRequirement requirement, String value) {
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (String.valueOf(requirement.getOperator())) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt", "Lt" -> compares(requirement.getOperator(), value, values);
            default -> false;
        };
    }

    private static boolean compares(String operator, String value, List<String> values) {
        if (value == null || values.size() != 1) {
            return false;
        }
        try {
            long actual = Long.parseLong(value);
            long bound = Long.parseLong(values.get(0));
            return "Gt".equals(operator) ? actual > bound : actual < bound;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
