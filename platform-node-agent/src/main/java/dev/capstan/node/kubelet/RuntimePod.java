package dev.capstan.node.kubelet;

import dev.capstan.node.cri.v1.ContainerState;
import dev.capstan.node.cri.v1.ContainerStatus;
import dev.capstan.node.cri.v1.PodSandboxState;
import dev.capstan.node.cri.v1.PodSandboxStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the runtime holds for one pod: its sandboxes (newest first) and every container attempt (newest first
 * per name), as read from CRI. Decisions compare this with the pod spec.
 */
public record RuntimePod(String uid, List<PodSandboxStatus> sandboxes, List<ContainerStatus> containers) {

    public static RuntimePod empty(String uid) {
        return new RuntimePod(uid, List.of(), List.of());
    }

    public Optional<PodSandboxStatus> latestSandbox() {
        return sandboxes.stream().max(Comparator.comparingLong(PodSandboxStatus::getCreatedAt));
    }

    public Optional<PodSandboxStatus> readySandbox() {
        return latestSandbox().filter(s -> s.getState() == PodSandboxState.SANDBOX_READY);
    }

    /** Attempts of one container, newest first. */
    public List<ContainerStatus> attempts(String name) {
        return containers.stream().filter(c -> name.equals(c.getMetadata().getName()))
                .sorted(Comparator.comparingLong(ContainerStatus::getCreatedAt).reversed()).toList();
    }

    public Optional<ContainerStatus> latest(String name) {
        return attempts(name).stream().findFirst();
    }

    public List<ContainerStatus> running() {
        return containers.stream().filter(c -> c.getState() == ContainerState.CONTAINER_RUNNING).toList();
    }

    public boolean isEmpty() {
        return sandboxes.isEmpty() && containers.isEmpty();
    }
}
