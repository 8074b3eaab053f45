package dev.capstan.node.config;

import dev.capstan.node.cri.CriClient;
import dev.capstan.node.cri.v1.ContainerState;
import dev.capstan.node.cri.v1.PodSandboxState;

/** Counts for the kubelet_running_* gauges, read from the runtime when scraped (cheap CRI list calls). */
final class RunningCounts {

    private final CriClient cri;

    RunningCounts(CriClient cri) {
        this.cri = cri;
    }

    int pods() {
        try {
            return (int) cri.listPodSandboxes().stream().filter(s -> s.getState() == PodSandboxState.SANDBOX_READY).count();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    int containers() {
        try {
            return (int) cri.listContainers().stream().filter(c -> c.getState() == ContainerState.CONTAINER_RUNNING).count();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
