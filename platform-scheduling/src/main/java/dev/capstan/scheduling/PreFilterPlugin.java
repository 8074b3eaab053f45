package dev.capstan.scheduling;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Runs once per pod before filtering: computes what the plugin's {@link FilterPlugin#filter} needs (into the
 * {@link CycleState}) or rejects the pod outright. Returning {@link Status#skip()} skips this plugin's Filter
 * for the cycle. Plugins whose pre-computed state depends on the other pods implement {@link #addPod} and
 * {@link #removePod} so preemption can simulate evicting victims (upstream's {@code PreFilterExtensions}).
 */
public interface PreFilterPlugin extends Plugin {

    Status preFilter(CycleState state, Pod pod, Snapshot snapshot);

    /** Updates this plugin's state in {@code state} as if {@code added} ran on {@code node}. */
    default Status addPod(CycleState state, Pod podToSchedule, PodInfo added, NodeInfo node) {
        return Status.success();
    }

    /** Updates this plugin's state in {@code state} as if {@code removed} no longer ran on {@code node}. */
    default Status removePod(CycleState state, Pod podToSchedule, PodInfo removed, NodeInfo node) {
        return Status.success();
    }
}
