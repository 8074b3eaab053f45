package dev.capstan.scheduling.plugins.interpodaffinity;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.PreFilterPlugin;
import dev.capstan.scheduling.PreScorePlugin;
import dev.capstan.scheduling.ScorePlugin;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * Upstream's {@code InterPodAffinity}: required pod affinity and anti-affinity (the incoming pod's and,
 * symmetrically, the existing pods' anti-affinity) as a filter, and preferred terms as a score.
 *
 * <p>PreFilter counts matching pods per topology domain over the whole snapshot, so Filter only looks up the
 * node's domains. Scoring adds, per domain, the weights of the incoming pod's preferred terms matched by
 * existing pods, of existing pods' preferred terms matched by the incoming pod, and
 * {@link #DEFAULT_HARD_POD_AFFINITY_WEIGHT} for each existing pod's required affinity term the incoming pod
 * matches; NormalizeScore scales min..max to 0..100.
 *
 * <p>Namespaces: see {@link AffinityTerm} — a {@code namespaceSelector} other than {@code {}} selects no
 * namespace because the scheduler does not watch namespaces yet. {@code matchLabelKeys} and
 * {@code mismatchLabelKeys} are left to the API server (upstream merges them into the selector at creation).
 */
public final class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "InterPodAffinity";

    /** Upstream's default {@code hardPodAffinityWeight}. */
    public static final int DEFAULT_HARD_POD_AFFINITY_WEIGHT = 1;

    static final String ERR_AFFINITY_RULES = "node(s) didn't match pod affinity rules";
    static final String ERR_ANTI_AFFINITY_RULES = "node(s) didn't match pod anti-affinity rules";
    static final String ERR_EXISTING_ANTI_AFFINITY_RULES = "node(s) didn't satisfy existing pods anti-affinity rules";

    private static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;
    private static final String SNAPSHOT_KEY = "Snapshot" + NAME;

    private final int hardPodAffinityWeight;
    private final TermCache cache = new TermCache();

    public InterPodAffinity() {
        this(DEFAULT_HARD_POD_AFFINITY_WEIGHT);
    }

    /** @param hardPodAffinityWeight the score an existing pod's matched required affinity term adds (0-100) */
    public InterPodAffinity(int hardPodAffinityWeight) {
        if (hardPodAffinityWeight < 0 || hardPodAffinityWeight > 100) {
            throw new IllegalArgumentException("hardPodAffinityWeight must be in 0..100, got " + hardPodAffinityWeight);
        }
        this.hardPodAffinityWeight = hardPodAffinityWeight;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod, Snapshot snapshot) {
        state.write(SNAPSHOT_KEY, new CycleSnapshot(snapshot));
        PodAffinityTerms terms;
        try {
            terms = PodAffinityTerms.ofIncoming(pod);
        } catch (IllegalArgumentException e) {
            return Status.unresolvable("parsing pod: " + e.getMessage());
        }
        PreFilterState computed = PreFilterState.compute(pod, terms, snapshot, cache);
        if (computed.skippable()) {
            return Status.skip();
        }
        state.write(PRE_FILTER_KEY, computed);
        return Status.success();
    }

    @Override
    public Status addPod(CycleState state, Pod podToSchedule, PodInfo added, NodeInfo node) {
        return update(state, added, node, 1);
    }

    @Override
    public Status removePod(CycleState state, Pod podToSchedule, PodInfo removed, NodeInfo node) {
        return update(state, removed, node, -1);
    }

    private static Status update(CycleState state, PodInfo pod, NodeInfo node, int delta) {
        PreFilterState preFilter = state.read(PRE_FILTER_KEY, PreFilterState.class);
        // No state: PreFilter skipped the plugin (nothing to check), so there is nothing to update either.
        if (preFilter != null) {
            preFilter.updateWithPod(pod, node, delta);
        }
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        if (node.node() == null) {
            return Status.error("node not found");
        }
        PreFilterState preFilter = state.read(PRE_FILTER_KEY, PreFilterState.class);
        if (preFilter == null) {
            return Status.error("reading \"" + PRE_FILTER_KEY + "\" from cycleState: not found");
        }
        Map<String, String> labels = node.labels();
        if (!satisfiesAffinity(preFilter, labels)) {
            // Evicting pods cannot create a matching pod, so preemption would not help.
            return Status.unresolvable(ERR_AFFINITY_RULES);
        }
        if (!satisfiesAntiAffinity(preFilter, labels)) {
            return Status.unschedulable(ERR_ANTI_AFFINITY_RULES);
        }
        if (preFilter.existingAntiAffinity.anyPositive(labels)) {
            return Status.unschedulable(ERR_EXISTING_ANTI_AFFINITY_RULES);
        }
        return Status.success();
    }

    private static boolean satisfiesAffinity(PreFilterState state, Map<String, String> labels) {
        boolean podsExist = true;
        for (AffinityTerm term : state.terms().requiredAffinity()) {
            String value = labels.get(term.topologyKey());
            if (value == null) {
                return false; // the node must have every topology key
            }
            if (state.affinity.get(term.topologyKey(), value) <= 0) {
                podsExist = false;
            }
        }
        // The first pod of a group with affinity to itself: no pod matches anywhere, but it matches its own
        // terms, so it may go to any node that has the topology keys (else the group never starts).
        return podsExist || (state.affinity.isEmpty() && state.matchesOwnAffinity());
    }

    private static boolean satisfiesAntiAffinity(PreFilterState state, Map<String, String> labels) {
        if (state.antiAffinity.isEmpty()) {
            return true;
        }
        for (AffinityTerm term : state.terms().requiredAntiAffinity()) {
            String value = labels.get(term.topologyKey());
            if (value != null && state.antiAffinity.get(term.topologyKey(), value) > 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        if (feasibleNodes.isEmpty()) {
            return Status.skip();
        }
        CycleSnapshot snapshot = state.read(SNAPSHOT_KEY, CycleSnapshot.class);
        if (snapshot == null) {
            return Status.error("reading \"" + SNAPSHOT_KEY + "\" from cycleState: not found (PreFilter did not run)");
        }
        PodAffinityTerms terms;
        try {
            terms = PodAffinityTerms.ofIncoming(pod);
        } catch (IllegalArgumentException e) {
            return Status.error(e.getMessage());
        }
        PreScoreState computed = PreScoreState.compute(pod, terms, snapshot.snapshot(), hardPodAffinityWeight, cache);
        if (computed.isEmpty()) {
            return Status.skip();
        }
        state.write(PRE_SCORE_KEY, computed);
        return Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        PreScoreState preScore = state.read(PRE_SCORE_KEY, PreScoreState.class);
        return preScore == null ? 0 : preScore.score(node.labels());
    }

    @Override
    public void normalizeScores(CycleState state, Pod pod, List<NodeScore> scores) {
        PreScoreState preScore = state.read(PRE_SCORE_KEY, PreScoreState.class);
        if (preScore == null || preScore.isEmpty() || scores.isEmpty()) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (NodeScore score : scores) {
            min = Math.min(min, score.score());
            max = Math.max(max, score.score());
        }
        long range = max - min;
        for (NodeScore score : scores) {
            // Same float arithmetic and truncation as upstream, so ties and rounding agree.
            double scaled = range > 0 ? (double) MAX_NODE_SCORE * ((double) (score.score() - min) / (double) range) : 0;
            score.setScore((long) scaled);
        }
    }
}
