package dev.capstan.scheduling;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Decides whether the pod may run on one node. Called in parallel for many nodes: read only the arguments
 * and what PreFilter wrote to the {@link CycleState}. Rejections carry the user-facing reason
 * ({@code "Insufficient cpu"}, {@code "node(s) didn't match Pod's node affinity/selector"}).
 */
public interface FilterPlugin extends Plugin {

    Status filter(CycleState state, Pod pod, NodeInfo node);
}
