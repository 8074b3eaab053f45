package dev.capstan.scheduling;

import io.fabric8.kubernetes.api.model.Pod;

/** Prepares the node before binding (e.g. attaching a volume); runs on the binding thread, may block. */
public interface PreBindPlugin extends Plugin {

    Status preBind(CycleState state, Pod pod, String nodeName);
}
