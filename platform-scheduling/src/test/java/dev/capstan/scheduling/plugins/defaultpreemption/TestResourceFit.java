package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.Resource;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/** A minimal NodeResourcesFit (pods, cpu, memory) with upstream's reasons, for preemption's tests only. */
final class TestResourceFit implements FilterPlugin {

    @Override
    public String name() {
        return "NodeResourcesFit";
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        Resource request = new PodInfo(pod).requests();
        Resource allocatable = node.allocatable();
        Resource requested = node.requested();
        List<String> reasons = new ArrayList<>();
        if (node.pods().size() + 1 > allocatable.allowedPodNumber()) {
            reasons.add("Too many pods");
        }
        if (request.milliCpu() > 0 && request.milliCpu() > allocatable.milliCpu() - requested.milliCpu()) {
            reasons.add("Insufficient cpu");
        }
        if (request.memory() > 0 && request.memory() > allocatable.memory() - requested.memory()) {
            reasons.add("Insufficient memory");
        }
        return reasons.isEmpty() ? Status.success() : Status.unschedulable(reasons.toArray(String[]::new));
    }
}
