package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.PodInfo;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's {@code filterPodsWithPDBViolation}: walks the potential victims in the given order and charges each
 * against the budgets of the PodDisruptionBudgets that select it; a victim whose eviction would take any budget
 * below zero is "violating". The order is kept within each group, so a sorted input stays sorted.
 */
final class PdbViolations {

    record Split(List<PodInfo> violating, List<PodInfo> nonViolating) {
    }

    private PdbViolations() {
    }

    static Split split(List<PodInfo> victims, List<PodDisruptionBudget> pdbs) {
        int[] allowed = new int[pdbs.size()];
        for (int i = 0; i < pdbs.size(); i++) {
            PodDisruptionBudget pdb = pdbs.get(i);
            Integer disruptionsAllowed = pdb.getStatus() == null ? null : pdb.getStatus().getDisruptionsAllowed();
            allowed[i] = disruptionsAllowed == null ? 0 : disruptionsAllowed;
        }
        List<PodInfo> violating = new ArrayList<>();
        List<PodInfo> nonViolating = new ArrayList<>();
        for (PodInfo victim : victims) {
            if (chargeBudgets(victim.pod(), pdbs, allowed)) {
                violating.add(victim);
            } else {
                nonViolating.add(victim);
            }
        }
        return new Split(violating, nonViolating);
    }

    /** Decrements the budget of every PDB selecting {@code pod}; true when one of them went below zero. */
    private static boolean chargeBudgets(Pod pod, List<PodDisruptionBudget> pdbs, int[] allowed) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        if (labels == null || labels.isEmpty()) {
            return false; // a pod without labels matches no PDB
        }
        boolean violated = false;
        for (int i = 0; i < pdbs.size(); i++) {
            PodDisruptionBudget pdb = pdbs.get(i);
            if (!Objects.equals(namespace(pdb.getMetadata() == null ? null : pdb.getMetadata().getNamespace()),
                    namespace(pod.getMetadata().getNamespace()))) {
                continue;
            }
            LabelSelector selector = pdb.getSpec() == null ? null : pdb.getSpec().getSelector();
            if (!selects(selector, labels)) {
                continue;
            }
            // The API server already counted a pod listed in disruptedPods; charging it again would over-count.
            Map<String, String> disrupted = pdb.getStatus() == null ? null : pdb.getStatus().getDisruptedPods();
            if (disrupted != null && disrupted.containsKey(pod.getMetadata().getName())) {
                continue;
            }
            allowed[i]--;
            if (allowed[i] < 0) {
                violated = true;
            }
        }
        return violated;
    }

    private static String namespace(String namespace) {
        return namespace == null ? "" : namespace;
    }

    /**
     * Label selector matching as a PDB uses it: a null or empty selector selects nothing, and a selector that
     * does not parse (unknown operator, values where none are allowed) selects nothing either.
     */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> matchLabels = selector.getMatchLabels();
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        boolean noLabels = matchLabels == null || matchLabels.isEmpty();
        boolean noExpressions = expressions == null || expressions.isEmpty();
        if (noLabels && noExpressions) {
            return false;
        }
        if (!noLabels) {
            for (Map.Entry<String, String> entry : matchLabels.entrySet()) {
                if (!Objects.equals(labels.get(entry.getKey()), entry.getValue())) {
                    return false;
                }
            }
        }
        if (!noExpressions) {
            for (LabelSelectorRequirement requirement : expressions) {
                if (!matches(requirement, labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String key = requirement.getKey();
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        String operator = requirement.getOperator();
        if (operator == null || key == null) {
            return false;
        }
        return switch (operator) {
            case "In" -> !values.isEmpty() && labels.containsKey(key) && values.contains(labels.get(key));
            case "NotIn" -> !values.isEmpty() && (!labels.containsKey(key) || !values.contains(labels.get(key)));
            case "Exists" -> values.isEmpty() && labels.containsKey(key);
            case "DoesNotExist" -> values.isEmpty() && !labels.containsKey(key);
            default -> false;
        };
    }
}
