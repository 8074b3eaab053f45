package dev.capstan.scheduling.plugins.nodeaffinity;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PreFilterPlugin;
import dev.capstan.scheduling.PreScorePlugin;
import dev.capstan.scheduling.ScorePlugin;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Upstream's {@code NodeAffinity} plugin. Filter: the node must match the pod's {@code spec.nodeSelector} and
 * required node affinity (unresolvable otherwise: preemption cannot relabel nodes). Score: the sum of the weights
 * of the preferred terms the node matches, normalized so the best node gets {@code MAX_NODE_SCORE}.
 * Upstream's plugin arguments ({@code addedAffinity}) are not supported.
 */
public final class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "NodeAffinity";

    /** Upstream's {@code ErrReasonPod}. */
    public static final String ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

    /** Upstream's {@code errReasonConflict}: every required term names nodes, and no node is left. */
    public static final String ERR_REASON_CONFLICT = "pod affinity terms conflict";

    static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    static final String PRE_SCORE_KEY = "PreScore" + NAME;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod, Snapshot snapshot) {
        NodeSelectorMatcher matcher = NodeSelectorMatcher.forPod(pod);
        if (matcher.matchesAnyNode()) {
            return Status.skip();
        }
        state.write(PRE_FILTER_KEY, new PreFilterState(matcher));
        NodeSelector required = requiredAffinity(pod);
        if (required != null && conflictingNodeNames(required.getNodeSelectorTerms())) {
            return Status.unresolvable(ERR_REASON_CONFLICT);
        }
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        if (node.node() == null) {
            return Status.error("node not found");
        }
        PreFilterState prepared = state.read(PRE_FILTER_KEY, PreFilterState.class);
        NodeSelectorMatcher matcher = prepared != null ? prepared.matcher() : NodeSelectorMatcher.forPod(pod);
        return matcher.matches(node.labels(), node.name()) ? Status.success() : Status.unresolvable(ERR_REASON_POD);
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        List<PreferredSchedulingTerm> preferred = preferredAffinity(pod);
        if (preferred == null || preferred.isEmpty()) {
            return Status.skip(); // an empty list scores every node 0, the same as skipping
        }
        try {
            state.write(PRE_SCORE_KEY, new PreScoreState(PreferredTerms.parse(preferred)));
        } catch (IllegalArgumentException invalid) {
            return Status.error(invalid.getMessage());
        }
        return Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        PreScoreState prepared = state.read(PRE_SCORE_KEY, PreScoreState.class);
        PreferredTerms terms;
        if (prepared != null) {
            terms = prepared.terms();
        } else {
            List<PreferredSchedulingTerm> preferred = preferredAffinity(pod);
            if (preferred == null || preferred.isEmpty()) {
                return 0;
            }
            try {
                terms = PreferredTerms.parse(preferred);
            } catch (IllegalArgumentException invalid) {
                return 0; // PreScore reports the error; Score has no way to
            }
        }
        return terms.score(node.labels(), node.name());
    }

    @Override
    public void normalizeScores(CycleState state, Pod pod, List<NodeScore> scores) {
        DefaultNormalizeScore.normalize(false, scores);
    }

    /**
     * Whether each required term pins the pod to node names ({@code matchFields metadata.name In}) and the union
     * of those names is empty, so no node can match. Upstream also narrows the nodes to evaluate to that union
     * (a PreFilterResult); Capstan's contract has no such result, the Filter rejects the other nodes instead.
     */
    private static boolean conflictingNodeNames(List<NodeSelectorTerm> terms) {
        if (terms == null || terms.isEmpty()) {
            return false;
        }
        Set<String> union = new HashSet<>();
        for (NodeSelectorTerm term : terms) {
            Set<String> termNames = null;
            if (term.getMatchFields() != null) {
                for (NodeSelectorRequirement field : term.getMatchFields()) {
                    if (SelectorTerm.NODE_NAME_FIELD.equals(field.getKey()) && "In".equals(field.getOperator())) {
                        Set<String> names = new HashSet<>(field.getValues() == null ? List.of() : field.getValues());
                        if (termNames == null) {
                            termNames = names;
                        } else {
                            termNames.retainAll(names);
                        }
                    }
                }
            }
            if (termNames == null) {
                return false; // this term does not restrict names, and terms are ORed
            }
            union.addAll(termNames);
        }
        return union.isEmpty();
    }

    private static NodeSelector requiredAffinity(Pod pod) {
        Affinity affinity = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        return affinity == null || affinity.getNodeAffinity() == null ? null
                : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    }

    private static List<PreferredSchedulingTerm> preferredAffinity(Pod pod) {
        Affinity affinity = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        return affinity == null || affinity.getNodeAffinity() == null ? null
                : affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    }

    /** Immutable, so copy() shares it. */
    record PreFilterState(NodeSelectorMatcher matcher) implements CycleState.Data {
        @Override
        public CycleState.Data copy() {
            return this;
        }
    }

    /** Immutable, so copy() shares it. */
    record PreScoreState(PreferredTerms terms) implements CycleState.Data {
        @Override
        public CycleState.Data copy() {
            return this;
        }
    }
}
