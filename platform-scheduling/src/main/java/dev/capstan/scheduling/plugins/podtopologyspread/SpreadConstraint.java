package dev.capstan.scheduling.plugins.podtopologyspread;

import dev.capstan.scheduling.plugins.support.LabelSelectorMatcher;
import dev.capstan.scheduling.PodInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed {@code topologySpreadConstraint} of the incoming pod (upstream's {@code topologySpreadConstraint}).
 *
 * @param maxSkew the largest allowed difference between a domain's matching pods and the global minimum
 * @param topologyKey the node label defining the domains
 * @param selector the label selector (with {@code matchLabelKeys} merged in) counting matching pods
 * @param minDomains below this many eligible domains the global minimum is taken as 0 (default 1)
 * @param honorNodeAffinity {@code nodeAffinityPolicy} is Honor (the default): only nodes matching the pod's
 *     nodeSelector/required node affinity form domains
 * @param honorNodeTaints {@code nodeTaintsPolicy} is Honor (default Ignore): nodes with untolerated
 *     NoSchedule/NoExecute taints are left out
 */
record SpreadConstraint(int maxSkew, String topologyKey, LabelSelectorMatcher selector, int minDomains,
                        boolean honorNodeAffinity, boolean honorNodeTaints) {

    static final String DO_NOT_SCHEDULE = "DoNotSchedule";
    static final String SCHEDULE_ANYWAY = "ScheduleAnyway";

    /**
     * The pod's constraints with {@code whenUnsatisfiable == action}, in declaration order.
     *
     * @throws IllegalArgumentException when a label selector is invalid
     */
    static List<SpreadConstraint> of(Pod pod, String action) {
        List<TopologySpreadConstraint> declared = pod.getSpec() == null ? null : pod.getSpec().getTopologySpreadConstraints();
        if (declared == null || declared.isEmpty()) {
            return List.of();
        }
        Map<String, String> podLabels = labelsOf(pod);
        List<SpreadConstraint> constraints = new ArrayList<>();
        for (TopologySpreadConstraint constraint : declared) {
            if (!action.equals(constraint.getWhenUnsatisfiable())) {
                continue;
            }
            LabelSelectorMatcher selector = LabelSelectorMatcher.of(constraint.getLabelSelector());
            if (constraint.getMatchLabelKeys() != null && !constraint.getMatchLabelKeys().isEmpty()) {
                Map<String, String> own = new HashMap<>();
                for (String key : constraint.getMatchLabelKeys()) {
                    if (podLabels.containsKey(key)) {
                        own.put(key, podLabels.get(key));
                    }
                }
                selector = selector.withLabels(own);
            }
            constraints.add(new SpreadConstraint(
                    constraint.getMaxSkew() == null ? 1 : constraint.getMaxSkew(),
                    constraint.getTopologyKey(),
                    selector,
                    constraint.getMinDomains() == null ? 1 : constraint.getMinDomains(),
                    !"Ignore".equals(constraint.getNodeAffinityPolicy()),
                    "Honor".equals(constraint.getNodeTaintsPolicy())));
        }
        return List.copyOf(constraints);
    }

    /** Whether the node takes part in this constraint's domains under its node inclusion policies. */
    boolean includes(Node node, Pod pod, RequiredNodeAffinity nodeAffinity) {
        if (honorNodeAffinity && !nodeAffinity.matches(node)) {
            return false;
        }
        return !honorNodeTaints || !Tolerations.hasUntoleratedTaint(node, pod);
    }

    /**
     * Whether an existing pod counts for this constraint: same namespace as the incoming pod, not being
     * deleted, and selected. An empty selector ({@code {}}) counts nothing, as upstream.
     */
    boolean counts(Pod existing, String namespace) {
        if (selector.isEverything() || existing.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        return namespace.equals(namespaceOf(existing)) && selector.matches(existing.getMetadata().getLabels());
    }

    int countMatching(List<PodInfo> pods, String namespace) {
        int count = 0;
        for (PodInfo pod : pods) {
            if (counts(pod.pod(), namespace)) {
                count++;
            }
        }
        return count;
    }

    /** Whether the node has every constraint's topology key (else it belongs to no domain). */
    static boolean hasAllKeys(Map<String, String> nodeLabels, List<SpreadConstraint> constraints) {
        for (SpreadConstraint constraint : constraints) {
            if (!nodeLabels.containsKey(constraint.topologyKey())) {
                return false;
            }
        }
        return true;
    }

    static Map<String, String> labelsOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata() == null ? null : pod.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** The namespace the API server would default an unset one to, so tests and real pods compare alike. */
    static String namespaceOf(Pod pod) {
        String namespace = pod.getMetadata() == null ? null : pod.getMetadata().getNamespace();
        return namespace == null || namespace.isEmpty() ? "default" : namespace;
    }
}
