package dev.capstan.scheduling.plugins.interpodaffinity;

import dev.capstan.scheduling.plugins.support.LabelSelectorMatcher;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import java.util.Set;

/**
 * A parsed {@code PodAffinityTerm} (upstream's {@code framework.AffinityTerm}): the namespaces it applies to,
 * its label selector and topology key.
 *
 * <p>Namespaces: a term without {@code namespaces} and without {@code namespaceSelector} applies to the
 * namespace of the pod that declares it. Capstan's scheduler does not watch namespaces yet, so it cannot
 * evaluate a {@code namespaceSelector} against namespace labels: an empty selector ({@code {}}) selects every
 * namespace, as upstream, and a selector with requirements adds no namespace beyond {@code namespaces}.
 *
 * <p>{@code matchLabelKeys}/{@code mismatchLabelKeys} are not read here: upstream merges them into the label
 * selector in the API server when the pod is created, and the scheduler only sees the merged selector.
 *
 * @param namespaces the namespaces listed (or the owner's when none are listed and there is no selector)
 * @param allNamespaces the term's namespaceSelector is {@code {}}
 * @param selector the term's label selector
 * @param topologyKey the node label that defines the topology domain
 */
record AffinityTerm(Set<String> namespaces, boolean allNamespaces, LabelSelectorMatcher selector, String topologyKey) {

    /** The namespace the API server would default an unset one to, so tests and real pods compare alike. */
    static String namespaceOf(Pod pod) {
        String namespace = pod.getMetadata() == null ? null : pod.getMetadata().getNamespace();
        return namespace == null || namespace.isEmpty() ? "default" : namespace;
    }

    /** Parses {@code term} as declared by {@code owner}; throws IllegalArgumentException on an invalid selector. */
    static AffinityTerm of(Pod owner, PodAffinityTerm term) {
        LabelSelector namespaceSelector = term.getNamespaceSelector();
        Set<String> namespaces;
        if ((term.getNamespaces() == null || term.getNamespaces().isEmpty()) && namespaceSelector == null) {
            namespaces = Set.of(namespaceOf(owner));
        } else {
            namespaces = term.getNamespaces() == null ? Set.of() : Set.copyOf(term.getNamespaces());
        }
        boolean allNamespaces = namespaceSelector != null
                && LabelSelectorMatcher.of(namespaceSelector).isEverything();
        return new AffinityTerm(namespaces, allNamespaces, LabelSelectorMatcher.of(term.getLabelSelector()),
                term.getTopologyKey() == null ? "" : term.getTopologyKey());
    }

    /** Whether {@code pod} is in one of the term's namespaces and carries labels its selector selects. */
    boolean matches(Pod pod) {
        if (!allNamespaces && !namespaces.contains(namespaceOf(pod))) {
            return false;
        }
        return selector.matches(pod.getMetadata().getLabels());
    }
}
