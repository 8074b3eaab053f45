package dev.capstan.scheduling.plugins.nodename;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Upstream's {@code NodeName} plugin: a pod whose {@code spec.nodeName} is already set fits only that node.
 * The rejection is unresolvable because no preemption can rename a node.
 */
public final class NodeName implements FilterPlugin {

    public static final String NAME = "NodeName";

    /** Upstream's {@code ErrReason}. */
    public static final String ERR_REASON = "node(s) didn't match the requested node name";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        if (node.node() == null) {
            return Status.error("node not found");
        }
        return fits(pod, node) ? Status.success() : Status.unresolvable(ERR_REASON);
    }

    /** Whether the pod names no node or names this one. */
    public static boolean fits(Pod pod, NodeInfo node) {
        String wanted = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return wanted == null || wanted.isEmpty() || wanted.equals(node.name());
    }
}
