package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.PreFilterPlugin;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;

/** Upstream's test plugin: its AddPod/RemovePod hooks fail on nodes labelled {@code error=true}. */
final class FailingHooks implements PreFilterPlugin {

    @Override
    public String name() {
        return "test-plugin";
    }

    @Override
    public Status preFilter(CycleState state, Pod pod, Snapshot snapshot) {
        return Status.success();
    }

    @Override
    public Status addPod(CycleState state, Pod podToSchedule, PodInfo added, NodeInfo node) {
        return "true".equals(node.labels().get("error"))
                ? Status.error("failed to add pod: " + podToSchedule.getMetadata().getName()) : Status.success();
    }

    @Override
    public Status removePod(CycleState state, Pod podToSchedule, PodInfo removed, NodeInfo node) {
        return "true".equals(node.labels().get("error"))
                ? Status.error("failed to remove pod: " + podToSchedule.getMetadata().getName()) : Status.success();
    }
}
