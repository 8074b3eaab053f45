package dev.capstan.scheduling;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Told when the pod is assumed on a node (before binding) and when that is undone because a later step
 * failed: {@link #unreserve} must undo whatever {@link #reserve} did and must not fail.
 */
public interface ReservePlugin extends Plugin {

    Status reserve(CycleState state, Pod pod, String nodeName);

    void unreserve(CycleState state, Pod pod, String nodeName);
}
