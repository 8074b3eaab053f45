package dev.capstan.scheduling.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One parsed node selector term: its label expressions and field expressions are ANDed. Built only for
 * non-empty terms (an empty term selects no node, so callers drop it).
 */
final class SelectorTerm {

    /** The only node field upstream exposes to {@code matchFields}. */
    static final String NODE_NAME_FIELD = "metadata.name";

    private final List<Requirement> labels;
    private final List<Requirement> fields;

    private SelectorTerm(List<Requirement> labels, List<Requirement> fields) {
        this.labels = labels;
        this.fields = fields;
    }

    /** @throws IllegalArgumentException when a requirement is invalid */
    static SelectorTerm parse(NodeSelectorTerm term) {
        List<Requirement> labels = new ArrayList<>();
        for (NodeSelectorRequirement expression : nullSafe(term.getMatchExpressions())) {
            labels.add(Requirement.label(expression));
        }
        List<Requirement> fields = new ArrayList<>();
        for (NodeSelectorRequirement expression : nullSafe(term.getMatchFields())) {
            fields.add(Requirement.field(expression));
        }
        return new SelectorTerm(List.copyOf(labels), List.copyOf(fields));
    }

    static boolean isEmpty(NodeSelectorTerm term) {
        return term == null || (nullSafe(term.getMatchExpressions()).isEmpty() && nullSafe(term.getMatchFields()).isEmpty());
    }

    boolean matches(Map<String, String> nodeLabels, String nodeName) {
        for (Requirement requirement : labels) {
            if (!requirement.matchesLabels(nodeLabels)) {
                return false;
            }
        }
        // Upstream skips field requirements for a node without a name (it has no fields at all).
        if (nodeName == null || nodeName.isEmpty()) {
            return true;
        }
        for (Requirement requirement : fields) {
            if (!requirement.matchesField(NODE_NAME_FIELD, nodeName)) {
                return false;
            }
        }
        return true;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
