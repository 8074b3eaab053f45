package dev.capstan.scheduling.plugins.nodeunschedulable;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.Status;
import dev.capstan.scheduling.plugins.tainttoleration.Tolerations;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;

/**
 * Upstream's {@code NodeUnschedulable} plugin: a cordoned node ({@code spec.unschedulable}) takes only pods that
 * tolerate the {@code node.kubernetes.io/unschedulable:NoSchedule} taint (DaemonSet pods do), whether or not the
 * node controller has added that taint yet.
 */
public final class NodeUnschedulable implements FilterPlugin {

    public static final String NAME = "NodeUnschedulable";

    /** Upstream's {@code ErrReasonUnschedulable}. */
    public static final String ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";

    public static final String TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

    private static final Taint UNSCHEDULABLE_TAINT = new TaintBuilder()
            .withKey(TAINT_NODE_UNSCHEDULABLE).withEffect(Tolerations.EFFECT_NO_SCHEDULE).build();

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
        if (node.getSpec() == null || !Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return Status.success();
        }
        boolean tolerated = pod.getSpec() != null
                && Tolerations.tolerate(pod.getSpec().getTolerations(), UNSCHEDULABLE_TAINT);
        return tolerated ? Status.success() : Status.unresolvable(ERR_REASON_UNSCHEDULABLE);
    }
}
