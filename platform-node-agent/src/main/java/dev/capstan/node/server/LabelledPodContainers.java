package dev.capstan.node.server;

import dev.capstan.node.cri.v1.Container;
import dev.capstan.node.cri.v1.ContainerFilter;
import dev.capstan.node.cri.v1.ListContainersRequest;
import dev.capstan.node.cri.v1.ListPodSandboxRequest;
import dev.capstan.node.cri.v1.PodSandbox;
import dev.capstan.node.cri.v1.PodSandboxFilter;
import dev.capstan.node.cri.v1.RuntimeServiceGrpc;
import java.util.Comparator;
import java.util.Optional;

/** {@link PodContainers} read from the labels upstream's kubelet puts on CRI sandboxes and containers. */
public final class LabelledPodContainers implements PodContainers {

    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;

    public LabelledPodContainers(RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime) {
        this.runtime = runtime;
    }

    @Override
    public Optional<String> containerId(String namespace, String pod, String container, boolean previous) {
        var attempts = runtime.listContainers(ListContainersRequest.newBuilder().setFilter(ContainerFilter.newBuilder()
                        .putLabelSelector("io.kubernetes.pod.namespace", namespace)
                        .putLabelSelector("io.kubernetes.pod.name", pod)
                        .putLabelSelector("io.kubernetes.container.name", container)).build())
                .getContainersList().stream()
                .sorted(Comparator.comparingInt(LabelledPodContainers::restartCount).reversed())
                .toList();
        int index = previous ? 1 : 0;
        return attempts.size() > index ? Optional.of(attempts.get(index).getId()) : Optional.empty();
    }

    @Override
    public Optional<String> sandboxId(String namespace, String pod) {
        return runtime.listPodSandbox(ListPodSandboxRequest.newBuilder().setFilter(PodSandboxFilter.newBuilder()
                        .putLabelSelector("io.kubernetes.pod.namespace", namespace)
                        .putLabelSelector("io.kubernetes.pod.name", pod)).build())
                .getItemsList().stream().max(Comparator.comparingLong(PodSandbox::getCreatedAt)).map(PodSandbox::getId);
    }

    private static int restartCount(Container c) {
        return Integer.parseInt(c.getAnnotationsOrDefault("io.kubernetes.container.restartCount", "0"));
    }
}
