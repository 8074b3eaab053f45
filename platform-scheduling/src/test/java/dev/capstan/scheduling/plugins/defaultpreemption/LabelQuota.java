package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.PreFilterPlugin;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * A stateful test plugin: at most {@code limit} pods labelled {@code quota} in the whole cluster. PreFilter counts
 * them into the cycle state and the hooks keep the count, so a simulation that leaked state from one node into
 * another would be visible.
 */
final class LabelQuota implements PreFilterPlugin, FilterPlugin {

    static final String REASON = "node(s) exceed the label quota";
    private static final String KEY = "PreFilterLabelQuota";

    private final int limit;

    LabelQuota(int limit) {
        this.limit = limit;
    }

    private static final class Count implements CycleState.Data {
        int value;

        @Override
        public CycleState.Data copy() {
            Count copy = new Count();
            copy.value = value;
            return copy;
        }
    }

    @Override
    public String name() {
        return "LabelQuota";
    }

    private static boolean counted(Pod pod) {
        return pod.getMetadata().getLabels() != null && pod.getMetadata().getLabels().containsKey("quota");
    }

    @Override
    public Status preFilter(CycleState state, Pod pod, Snapshot snapshot) {
        Count count = new Count();
        for (NodeInfo node : snapshot.nodes()) {
            count.value += (int) node.pods().stream().filter(p -> counted(p.pod())).count();
        }
        state.write(KEY, count);
        return Status.success();
    }

    @Override
    public Status addPod(CycleState state, Pod podToSchedule, PodInfo added, NodeInfo node) {
        if (counted(added.pod())) {
            state.read(KEY, Count.class).value++;
        }
        return Status.success();
    }

    @Override
    public Status removePod(CycleState state, Pod podToSchedule, PodInfo removed, NodeInfo node) {
        if (counted(removed.pod())) {
            state.read(KEY, Count.class).value--;
        }
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        return state.read(KEY, Count.class).value >= limit ? Status.unschedulable(REASON) : Status.success();
    }
}
