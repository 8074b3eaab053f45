package dev.capstan.scheduling.plugins.nodeaffinity;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod's required node constraints, parsed once and then matched cheaply against many nodes (upstream's
 * {@code nodeaffinity.RequiredNodeAffinity}): {@code spec.nodeSelector} (every label must equal) AND
 * {@code requiredDuringSchedulingIgnoredDuringExecution} (terms ORed, expressions in a term ANDed; an empty term
 * matches nothing; a term with an invalid expression is ignored, as upstream does for backwards compatibility).
 * Immutable and thread-safe; PodTopologySpread reuses it for {@code nodeAffinityPolicy: Honor}.
 */
public final class NodeSelectorMatcher {

    private static final NodeSelectorMatcher ANY_NODE = new NodeSelectorMatcher(Map.of(), null);

    private final Map<String, String> nodeSelector;
    /** The parsed required terms; null when the pod has no required node affinity at all. */
    private final List<SelectorTerm> terms;

    private NodeSelectorMatcher(Map<String, String> nodeSelector, List<SelectorTerm> terms) {
        this.nodeSelector = nodeSelector;
        this.terms = terms;
    }

    /** The pod's nodeSelector and required node affinity. */
    public static NodeSelectorMatcher forPod(Pod pod) {
        if (pod.getSpec() == null) {
            return ANY_NODE;
        }
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        Affinity affinity = pod.getSpec().getAffinity();
        NodeSelector required = affinity == null || affinity.getNodeAffinity() == null ? null
                : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if ((selector == null || selector.isEmpty()) && required == null) {
            return ANY_NODE;
        }
        return new NodeSelectorMatcher(selector == null ? Map.of() : Map.copyOf(selector), parseTerms(required));
    }

    /** A bare node selector (e.g. a PersistentVolume's node affinity); null selects every node. */
    public static NodeSelectorMatcher of(NodeSelector selector) {
        return selector == null ? ANY_NODE : new NodeSelectorMatcher(Map.of(), parseTerms(selector));
    }

    /** Whether every node matches (no nodeSelector, no required node affinity). */
    public boolean matchesAnyNode() {
        return nodeSelector.isEmpty() && terms == null;
    }

    public boolean matches(Node node) {
        if (node == null) {
            return false;
        }
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        return matches(labels, node.getMetadata().getName());
    }

    /** Matches node labels and name directly (what a NodeInfo already has at hand). */
    public boolean matches(Map<String, String> nodeLabels, String nodeName) {
        for (Map.Entry<String, String> wanted : nodeSelector.entrySet()) {
            if (!wanted.getValue().equals(nodeLabels.get(wanted.getKey()))) {
                return false;
            }
        }
        if (terms == null) {
            return true;
        }
        for (SelectorTerm term : terms) {
            if (term.matches(nodeLabels, nodeName)) {
                return true;
            }
        }
        return false;
    }

    private static List<SelectorTerm> parseTerms(NodeSelector selector) {
        if (selector == null) {
            return null;
        }
        List<SelectorTerm> parsed = new ArrayList<>();
        if (selector.getNodeSelectorTerms() != null) {
            for (NodeSelectorTerm term : selector.getNodeSelectorTerms()) {
                if (SelectorTerm.isEmpty(term)) {
                    continue; // an empty term selects no node
                }
                try {
                    parsed.add(SelectorTerm.parse(term));
                } catch (IllegalArgumentException invalid) {
                    // Upstream ignores a term it cannot parse: it just never matches.
                }
            }
        }
        return List.copyOf(parsed);
    }
}
