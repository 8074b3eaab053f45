package dev.capstan.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's {@code NodeShouldRunDaemonPod} predicates: the node matches the pod's {@code nodeSelector} and
 * required node affinity, and the pod tolerates every {@code NoSchedule}/{@code NoExecute} taint of the node.
 * The pod spec passed in is the daemon pod's, with the default tolerations already added.
 */
public final class NodeEligibility {

    private NodeEligibility() {
    }

    public static boolean shouldRun(PodSpec pod, Node node) {
        return matchesNodeSelector(pod.getNodeSelector(), node) && matchesRequiredAffinity(pod, node)
                && toleratesTaints(pod.getTolerations(), node);
    }

    static boolean matchesNodeSelector(Map<String, String> selector, Node node) {
        if (selector == null || selector.isEmpty()) {
            return true;
        }
        Map<String, String> labels = labels(node);
        return selector.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    static boolean matchesRequiredAffinity(PodSpec pod, Node node) {
        if (pod.getAffinity() == null || pod.getAffinity().getNodeAffinity() == null) {
            return true;
        }
        NodeSelector required = pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null || required.getNodeSelectorTerms() == null || required.getNodeSelectorTerms().isEmpty()) {
            return true;
        }
        // terms are ORed, the requirements of one term ANDed; an empty term matches nothing
        return required.getNodeSelectorTerms().stream().anyMatch(term -> matchesTerm(term, node));
    }

    private static boolean matchesTerm(NodeSelectorTerm term, Node node) {
        List<NodeSelectorRequirement> expressions = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = labels(node);
        boolean labelsMatch = expressions.stream().allMatch(r -> matches(r, labels.get(r.getKey()), labels.containsKey(r.getKey())));
        boolean fieldsMatch = fields.stream().allMatch(r -> "metadata.name".equals(r.getKey())
                && matches(r, node.getMetadata().getName(), true));
        return labelsMatch && fieldsMatch;
    }

    private static boolean matches(NodeSelectorRequirement r, String value, boolean present) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator()) {
            case "In" -> present && values.contains(value);
            case "NotIn" -> !present || !values.contains(value);
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            case "Gt", "Lt" -> present && values.size() == 1 && compare(r.getOperator(), value, values.get(0));
            default -> false;
        };
    }

    private static boolean compare(String operator, String value, String bound) {
        try {
            long v = Long.parseLong(value);
            long b = Long.parseLong(bound);
            return "Gt".equals(operator) ? v > b : v < b;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean toleratesTaints(List<Toleration> tolerations, Node node) {
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<Toleration> tols = tolerations == null ? List.of() : tolerations;
        return taints.stream()
                .filter(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))
                .allMatch(t -> tols.stream().anyMatch(tol -> tolerates(tol, t)));
    }

    /** Upstream's {@code Toleration.ToleratesTaint}. */
    static boolean tolerates(Toleration toleration, Taint taint) {
        if (toleration.getEffect() != null && !toleration.getEffect().isEmpty() && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (toleration.getKey() != null && !toleration.getKey().isEmpty() && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = toleration.getOperator() == null || toleration.getOperator().isEmpty() ? "Equal" : toleration.getOperator();
        if ("Exists".equals(operator)) {
            return true;
        }
        if ((toleration.getKey() == null || toleration.getKey().isEmpty())) {
            return false; // an empty key with Equal is invalid; upstream's validation rejects it
        }
        return Objects.equals(nullToEmpty(toleration.getValue()), nullToEmpty(taint.getValue()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Map<String, String> labels(Node node) {
        return node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    }
}
