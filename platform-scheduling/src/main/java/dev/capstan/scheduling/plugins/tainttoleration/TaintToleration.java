package dev.capstan.scheduling.plugins.tainttoleration;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PreScorePlugin;
import dev.capstan.scheduling.ScorePlugin;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's {@code TaintToleration} plugin. Filter: a node with a NoSchedule or NoExecute taint the pod does not
 * tolerate is rejected (unresolvable: evicting pods does not remove taints). Score: the number of PreferNoSchedule
 * taints the pod does not tolerate, normalized in reverse so the node with the fewest scores highest.
 */
public final class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "TaintToleration";

    static final String PRE_SCORE_KEY = "PreScore" + NAME;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Node node = nodeInfo.node();
        if (node == null) {
            return Status.error("node not found");
        }
        Taint taint = Tolerations.firstUntolerated(taints(node), tolerations(pod), Tolerations::isDoNotSchedule);
        if (taint == null) {
            return Status.success();
        }
        return Status.unresolvable("node(s) had untolerated taint {" + nullToEmpty(taint.getKey()) + ": "
                + nullToEmpty(taint.getValue()) + "}");
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        state.write(PRE_SCORE_KEY, new PreScoreState(preferNoScheduleTolerations(pod)));
        return Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        PreScoreState prepared = state.read(PRE_SCORE_KEY, PreScoreState.class);
        List<Toleration> tolerations = prepared != null ? prepared.tolerations() : preferNoScheduleTolerations(pod);
        Node node = nodeInfo.node();
        if (node == null) {
            return 0;
        }
        long intolerable = 0;
        for (Taint taint : taints(node)) {
            if (Tolerations.EFFECT_PREFER_NO_SCHEDULE.equals(taint.getEffect())
                    && !Tolerations.tolerate(tolerations, taint)) {
                intolerable++;
            }
        }
        return intolerable;
    }

    @Override
    public void normalizeScores(CycleState state, Pod pod, List<NodeScore> scores) {
        DefaultNormalizeScore.normalize(true, scores);
    }

    /** Only tolerations that can match a PreferNoSchedule taint matter for scoring (an empty effect matches all). */
    private static List<Toleration> preferNoScheduleTolerations(Pod pod) {
        List<Toleration> result = new ArrayList<>();
        for (Toleration toleration : tolerations(pod)) {
            String effect = toleration.getEffect();
            if (effect == null || effect.isEmpty() || Tolerations.EFFECT_PREFER_NO_SCHEDULE.equals(effect)) {
                result.add(toleration);
            }
        }
        return result;
    }

    private static List<Toleration> tolerations(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
    }

    private static List<Taint> taints(Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** The pod's tolerations relevant to PreferNoSchedule taints; immutable, so copy() shares it. */
    record PreScoreState(List<Toleration> tolerations) implements CycleState.Data {
        PreScoreState {
            tolerations = List.copyOf(tolerations);
        }

        @Override
        public CycleState.Data copy() {
            return this;
        }
    }
}
