package dev.capstan.scheduling.plugins.podtopologyspread;

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

/**
 * Upstream's {@code PodTopologySpread}: the pod's {@code topologySpreadConstraints}. DoNotSchedule
 * constraints filter (a node is rejected when placing the pod there would make its domain exceed the
 * global minimum by more than {@code maxSkew}); ScheduleAnyway constraints score (fewer matching pods in the
 * node's domains is better).
 *
 * <p>Pods count when they are in the incoming pod's namespace, match the constraint's label selector (with
 * {@code matchLabelKeys} merged in) and are not being deleted. Domains are formed by nodes that have every
 * constraint's topology key and pass the node inclusion policies ({@code nodeAffinityPolicy}, default Honor:
 * the pod's nodeSelector/required node affinity; {@code nodeTaintsPolicy}, default Ignore).
 *
 * <p>Not implemented: cluster-level default constraints (upstream's {@code defaultConstraints} and system
 * defaulting from Services/ReplicaSets): a pod without constraints is neither filtered nor scored here.
 */
public final class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "PodTopologySpread";

    static final String ERR_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
    static final String ERR_MISSING_LABEL = ERR_CONSTRAINTS_NOT_MATCH + " (missing required label)";

    private static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;
    private static final String SNAPSHOT_KEY = "Snapshot" + NAME;

    public PodTopologySpread() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod, Snapshot snapshot) {
        state.write(SNAPSHOT_KEY, new CycleSnapshot(snapshot));
        List<SpreadConstraint> constraints;
        try {
            constraints = SpreadConstraint.of(pod, SpreadConstraint.DO_NOT_SCHEDULE);
        } catch (IllegalArgumentException e) {
            return Status.error("obtaining pod's hard topology spread constraints: " + e.getMessage());
        }
        if (constraints.isEmpty()) {
            return Status.skip();
        }
        state.write(PRE_FILTER_KEY, PreFilterState.compute(pod, constraints, snapshot));
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
        // No state: PreFilter skipped the plugin (no hard constraints), nothing to keep up to date.
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
        List<SpreadConstraint> constraints = preFilter.constraints;
        for (int i = 0; i < constraints.size(); i++) {
            SpreadConstraint constraint = constraints.get(i);
            String domain = node.labels().get(constraint.topologyKey());
            if (domain == null) {
                return Status.unresolvable(ERR_MISSING_LABEL);
            }
            // 'existing matching pods' + 'the pod itself if it matches' - 'global minimum' must stay <= maxSkew.
            int skew = preFilter.matching(i, domain) + (preFilter.selfMatch(i) ? 1 : 0) - preFilter.minMatching(i);
            if (skew > constraint.maxSkew()) {
                return Status.unschedulable(ERR_CONSTRAINTS_NOT_MATCH);
            }
        }
        return Status.success();
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        CycleSnapshot snapshot = state.read(SNAPSHOT_KEY, CycleSnapshot.class);
        if (feasibleNodes.isEmpty() || snapshot == null || snapshot.snapshot().size() == 0) {
            return Status.skip();
        }
        List<SpreadConstraint> constraints;
        try {
            constraints = SpreadConstraint.of(pod, SpreadConstraint.SCHEDULE_ANYWAY);
        } catch (IllegalArgumentException e) {
            return Status.error("obtaining pod's soft topology spread constraints: " + e.getMessage());
        }
        if (constraints.isEmpty()) {
            return Status.skip();
        }
        state.write(PRE_SCORE_KEY, PreScoreState.compute(pod, constraints, feasibleNodes, snapshot.snapshot()));
        return Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        PreScoreState preScore = state.read(PRE_SCORE_KEY, PreScoreState.class);
        return preScore == null ? 0 : preScore.score(node);
    }

    /** Reverses and scales the raw scores: the fewest matching pods get 100; nodes lacking a key get 0. */
    @Override
    public void normalizeScores(CycleState state, Pod pod, List<NodeScore> scores) {
        PreScoreState preScore = state.read(PRE_SCORE_KEY, PreScoreState.class);
        if (preScore == null) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (NodeScore score : scores) {
            if (preScore.ignoredNodes.contains(score.nodeName())) {
                continue;
            }
            min = Math.min(min, score.score());
            max = Math.max(max, score.score());
        }
        for (NodeScore score : scores) {
            if (preScore.ignoredNodes.contains(score.nodeName())) {
                score.setScore(0);
            } else if (max == 0) {
                score.setScore(MAX_NODE_SCORE);
            } else {
                score.setScore(MAX_NODE_SCORE * (max + min - score.score()) / max);
            }
        }
    }
}
