package dev.capstan.node.cri;

import dev.capstan.node.cri.v1.ContainerConfig;
import dev.capstan.node.cri.v1.ContainerFilter;
import dev.capstan.node.cri.v1.ContainerStatus;
import dev.capstan.node.cri.v1.ContainerStatusRequest;
import dev.capstan.node.cri.v1.CreateContainerRequest;
import dev.capstan.node.cri.v1.ExecSyncRequest;
import dev.capstan.node.cri.v1.ExecSyncResponse;
import dev.capstan.node.cri.v1.Image;
import dev.capstan.node.cri.v1.ImageServiceGrpc;
import dev.capstan.node.cri.v1.ImageSpec;
import dev.capstan.node.cri.v1.ImageStatusRequest;
import dev.capstan.node.cri.v1.ListContainersRequest;
import dev.capstan.node.cri.v1.ListImagesRequest;
import dev.capstan.node.cri.v1.ListPodSandboxRequest;
import dev.capstan.node.cri.v1.PodSandbox;
import dev.capstan.node.cri.v1.PodSandboxConfig;
import dev.capstan.node.cri.v1.PodSandboxFilter;
import dev.capstan.node.cri.v1.PodSandboxStatus;
import dev.capstan.node.cri.v1.PodSandboxStatusRequest;
import dev.capstan.node.cri.v1.PullImageRequest;
import dev.capstan.node.cri.v1.RemoveContainerRequest;
import dev.capstan.node.cri.v1.RemovePodSandboxRequest;
import dev.capstan.node.cri.v1.RunPodSandboxRequest;
import dev.capstan.node.cri.v1.RuntimeServiceGrpc;
import dev.capstan.node.cri.v1.StartContainerRequest;
import dev.capstan.node.cri.v1.StatusRequest;
import dev.capstan.node.cri.v1.StatusResponse;
import dev.capstan.node.cri.v1.StopContainerRequest;
import dev.capstan.node.cri.v1.StopPodSandboxRequest;
import dev.capstan.node.cri.v1.VersionRequest;
import dev.capstan.node.cri.v1.VersionResponse;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The kubelet's view of the container runtime: CRI {@code runtime.v1} RuntimeService and ImageService calls
 * with deadlines, failures as {@link CriException}. Blocking on purpose: pod workers are plain threads, one
 * pod at a time each, as upstream's pod workers.
 */
public final class CriClient {

    /** Upstream kubelet's default --runtime-request-timeout. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration QUICK_TIMEOUT = Duration.ofSeconds(10);

    private final CriChannel channel;

    public CriClient(CriChannel channel) {
        this.channel = channel;
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime(Duration timeout) {
        return RuntimeServiceGrpc.newBlockingStub(channel.channel()).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ImageServiceGrpc.ImageServiceBlockingStub images(Duration timeout) {
        return ImageServiceGrpc.newBlockingStub(channel.channel()).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T call(String rpc, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw new CriException(rpc, e);
        }
    }

    public VersionResponse version() {
        return call("Version", () -> runtime(QUICK_TIMEOUT).version(VersionRequest.newBuilder().setVersion("v1").build()));
    }

    public StatusResponse status() {
        return call("Status", () -> runtime(QUICK_TIMEOUT).status(StatusRequest.getDefaultInstance()));
    }

    /** {@code Status} with {@code verbose}: containerd adds its loaded configuration (e.g. {@code cniconfig}) to the info map. */
    public StatusResponse status(boolean verbose) {
        return call("Status", () -> runtime(QUICK_TIMEOUT).status(StatusRequest.newBuilder().setVerbose(verbose).build()));
    }

    public String runPodSandbox(PodSandboxConfig config) {
        return call("RunPodSandbox", () -> runtime(REQUEST_TIMEOUT)
                .runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build()).getPodSandboxId());
    }

    public void stopPodSandbox(String id) {
        call("StopPodSandbox", () -> runtime(REQUEST_TIMEOUT).stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build()));
    }

    public void removePodSandbox(String id) {
        call("RemovePodSandbox", () -> runtime(REQUEST_TIMEOUT).removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build()));
    }

    public PodSandboxStatus podSandboxStatus(String id) {
        return call("PodSandboxStatus", () -> runtime(QUICK_TIMEOUT)
                .podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(id).build()).getStatus());
    }

    public List<PodSandbox> listPodSandboxes() {
        return listPodSandboxes(java.util.Map.of());
    }

    public List<PodSandbox> listPodSandboxes(java.util.Map<String, String> labels) {
        return call("ListPodSandbox", () -> runtime(QUICK_TIMEOUT).listPodSandbox(ListPodSandboxRequest.newBuilder()
                .setFilter(PodSandboxFilter.newBuilder().putAllLabelSelector(labels)).build()).getItemsList());
    }

    public String createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        return call("CreateContainer", () -> runtime(REQUEST_TIMEOUT).createContainer(CreateContainerRequest.newBuilder()
                .setPodSandboxId(sandboxId).setConfig(config).setSandboxConfig(sandboxConfig).build()).getContainerId());
    }

    public void startContainer(String id) {
        call("StartContainer", () -> runtime(REQUEST_TIMEOUT).startContainer(StartContainerRequest.newBuilder().setContainerId(id).build()));
    }

    /** SIGTERM (or the image's stop signal), SIGKILL after {@code gracePeriod}; the runtime does the waiting. */
    public void stopContainer(String id, Duration gracePeriod) {
        call("StopContainer", () -> runtime(REQUEST_TIMEOUT.plus(gracePeriod)).stopContainer(StopContainerRequest.newBuilder()
                .setContainerId(id).setTimeout(gracePeriod.toSeconds()).build()));
    }

    public void removeContainer(String id) {
        call("RemoveContainer", () -> runtime(REQUEST_TIMEOUT).removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build()));
    }

    public List<dev.capstan.node.cri.v1.Container> listContainers() {
        return listContainers(java.util.Map.of());
    }

    public List<dev.capstan.node.cri.v1.Container> listContainers(java.util.Map<String, String> labels) {
        return call("ListContainers", () -> runtime(QUICK_TIMEOUT).listContainers(ListContainersRequest.newBuilder()
                .setFilter(ContainerFilter.newBuilder().putAllLabelSelector(labels)).build()).getContainersList());
    }

    public ContainerStatus containerStatus(String id) {
        return call("ContainerStatus", () -> runtime(QUICK_TIMEOUT)
                .containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build()).getStatus());
    }

    public ExecSyncResponse execSync(String containerId, List<String> command, Duration timeout) {
        return call("ExecSync", () -> runtime(timeout.plusSeconds(5)).execSync(ExecSyncRequest.newBuilder()
                .setContainerId(containerId).addAllCmd(command).setTimeout(timeout.toSeconds()).build()));
    }

    public Optional<Image> imageStatus(String image) {
        var response = call("ImageStatus", () -> images(QUICK_TIMEOUT)
                .imageStatus(ImageStatusRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(image)).build()));
        return response.hasImage() ? Optional.of(response.getImage()) : Optional.empty();
    }

    /** Returns the image reference (its id) the runtime pulled. */
    public String pullImage(String image, PodSandboxConfig sandboxConfig) {
        return call("PullImage", () -> images(REQUEST_TIMEOUT).pullImage(PullImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(image)).setSandboxConfig(sandboxConfig).build()).getImageRef());
    }

    public List<Image> listImages() {
        return call("ListImages", () -> images(QUICK_TIMEOUT).listImages(ListImagesRequest.getDefaultInstance()).getImagesList());
    }
}
