package dev.capstan.scheduling.plugins.nodeports;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.HostPort;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PreFilterPlugin;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Upstream's {@code NodePorts} plugin: a pod asking for host ports fits only a node where none of them is already
 * used (same protocol and port, and the same IP or either side on {@code 0.0.0.0}). Unschedulable, not
 * unresolvable: evicting the pod holding the port frees it. Pods without host ports skip the Filter.
 */
public final class NodePorts implements PreFilterPlugin, FilterPlugin {

    public static final String NAME = "NodePorts";

    /** Upstream's {@code ErrReason}. */
    public static final String ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

    static final String PRE_FILTER_KEY = "PreFilter" + NAME;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod, Snapshot snapshot) {
        List<HostPort> wanted = NodeInfo.hostPorts(pod);
        if (wanted.isEmpty()) {
            return Status.skip();
        }
        state.write(PRE_FILTER_KEY, new PreFilterState(wanted));
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        PreFilterState prepared = state.read(PRE_FILTER_KEY, PreFilterState.class);
        List<HostPort> wanted = prepared != null ? prepared.ports() : NodeInfo.hostPorts(pod);
        return fits(wanted, node.usedPorts()) ? Status.success() : Status.unschedulable(ERR_REASON);
    }

    /** Whether none of the wanted ports conflicts with one in use. */
    static boolean fits(List<HostPort> wanted, List<HostPort> used) {
        if (used.isEmpty()) {
            return true;
        }
        for (HostPort port : wanted) {
            for (HostPort existing : used) {
                if (port.conflictsWith(existing)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The pod's host ports; immutable, so copy() shares it. */
    record PreFilterState(List<HostPort> ports) implements CycleState.Data {
        PreFilterState {
            ports = List.copyOf(ports);
        }

        @Override
        public CycleState.Data copy() {
            return this;
        }
    }
}
