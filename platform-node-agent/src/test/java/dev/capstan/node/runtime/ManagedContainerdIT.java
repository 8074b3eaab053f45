package dev.capstan.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.node.cri.v1.ContainerConfig;
import dev.capstan.node.cri.v1.ContainerMetadata;
import dev.capstan.node.cri.v1.ContainerState;
import dev.capstan.node.cri.v1.ContainerStatus;
import dev.capstan.node.cri.v1.ContainerStatusRequest;
import dev.capstan.node.cri.v1.CreateContainerRequest;
import dev.capstan.node.cri.v1.ImageServiceGrpc;
import dev.capstan.node.cri.v1.ImageSpec;
import dev.capstan.node.cri.v1.ImageStatusRequest;
import dev.capstan.node.cri.v1.ImageStatusResponse;
import dev.capstan.node.cri.v1.LinuxPodSandboxConfig;
import dev.capstan.node.cri.v1.LinuxSandboxSecurityContext;
import dev.capstan.node.cri.v1.ListPodSandboxRequest;
import dev.capstan.node.cri.v1.PodSandboxConfig;
import dev.capstan.node.cri.v1.PodSandboxMetadata;
import dev.capstan.node.cri.v1.PodSandboxState;
import dev.capstan.node.cri.v1.PodSandboxStatus;
import dev.capstan.node.cri.v1.PodSandboxStatusRequest;
import dev.capstan.node.cri.v1.PullImageRequest;
import dev.capstan.node.cri.v1.RemoveContainerRequest;
import dev.capstan.node.cri.v1.RemovePodSandboxRequest;
import dev.capstan.node.cri.v1.RunPodSandboxRequest;
import dev.capstan.node.cri.v1.RuntimeServiceGrpc;
import dev.capstan.node.cri.v1.StartContainerRequest;
import dev.capstan.node.cri.v1.StopContainerRequest;
import dev.capstan.node.cri.v1.StopPodSandboxRequest;
import dev.capstan.node.cri.v1.VersionRequest;
import dev.capstan.node.cri.v1.VersionResponse;
import dev.capstan.node.images.LocalImageRegistry;
import dev.capstan.node.images.NodeImages;
import dev.capstan.node.images.OciImage;
import dev.capstan.node.images.OciImageLayout;
import dev.capstan.node.cri.CriChannel;
import dev.capstan.testkit.registry.DockerRegistryProcess;
import dev.capstan.testkit.registry.OciLayoutTarball;
import dev.capstan.testkit.registry.RegistryPushClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's own containerd running real pods: containerd 1.6 started by {@link ManagedContainerd}, images from the
 * agent's {@link LocalImageRegistry} (as {@code capstan.local/...}) and from a real docker-registry, all over CRI.
 * Needs root, containerd, runc, the CNI plugins and busybox-static.
 */
@EnabledIf("hostCanRunPods")
class ManagedContainerdIT {

    private static final String POD_NAMESPACE = "default";

    @TempDir
    static Path dir;

    private static LocalImageRegistry localRegistry;
    private static DockerRegistryProcess dockerRegistry;
    private static ContainerdSettings settings;
    private static ManagedContainerd containerd;
    private static CriChannel cri;
    private static List<OciImage> images;
    private static String pushedDigest;

    static boolean hostCanRunPods() {
        return "root".equals(System.getProperty("user.name"))
                && Files.isExecutable(Path.of("/usr/bin/containerd"))
                && Files.isExecutable(Path.of("/usr/lib/cni/bridge"))
                && Files.isExecutable(NodeImages.DEFAULT_BUSYBOX)
                && DockerRegistryProcess.isInstalled();
    }

    @BeforeAll
    static void startNode() throws Exception {
        images = NodeImages.build(NodeImages.DEFAULT_BUSYBOX);
        localRegistry = LocalImageRegistry.start(0, images);

        // The build step's artifact, pushed to a real registry as a user would push their own image.
        Path layout = dir.resolve("node-images.tar");
        OciImageLayout.write(layout, NodeImages.REGISTRY_HOST, images);
        dockerRegistry = DockerRegistryProcess.start(Files.createDirectories(dir.resolve("registry")));
        pushedDigest = new RegistryPushClient(dockerRegistry.endpoint()).push(OciLayoutTarball.read(layout),
                OciImageLayout.CONTAINERD_IMAGE_NAME, NodeImages.BUSYBOX_IMAGE, "busybox", "pull");

        // A network of its own, so a Capstan node on the same machine (bridge capstan0) is left alone.
        settings = ContainerdSettings.defaults(dir.resolve("ctrd"), localRegistry.endpoint())
                .withPodNetwork("10.42.250.0/24", "capstan-mc0")
                .withMirror(dockerRegistry.host(), dockerRegistry.endpoint().toString());
        containerd = ManagedContainerd.start(settings);
        cri = new CriChannel(containerd.socket());
    }

    @AfterAll
    static void stopNode() throws Exception {
        try {
            if (cri != null) {
                cri.close();
            }
            if (containerd != null) {
                containerd.close();
                ContainerdCleanup.removeAll(settings);
            }
        } finally {
            if (localRegistry != null) {
                localRegistry.close();
            }
            if (dockerRegistry != null) {
                dockerRegistry.close();
            }
        }
        if (settings != null) {
            assertThat(HostCommand.run("ip", "link", "show", settings.bridgeName()).succeeded())
                    .as("bridge %s after cleanup", settings.bridgeName()).isFalse();
            assertThat(HostCommand.run("iptables", "-w", "-t", "nat", "-S", "POSTROUTING").output())
                    .as("masquerade rules for the pod subnet after cleanup").doesNotContain("10.42.250.");
            assertThat(settings.baseDir()).doesNotExist();
        }
    }

    @Test
    void podRunsBusyboxFromTheNodesOwnRegistryAndLogsInCriFormat() throws Exception {
        RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime = RuntimeServiceGrpc.newBlockingStub(cri.channel());
        ImageServiceGrpc.ImageServiceBlockingStub imageService = ImageServiceGrpc.newBlockingStub(cri.channel());

        VersionResponse version = runtime.version(VersionRequest.newBuilder().setVersion("v1").build());
        assertThat(version.getRuntimeName()).isEqualTo("containerd");
        assertThat(version.getRuntimeApiVersion()).isEqualTo("v1");

        imageService.pullImage(PullImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(NodeImages.BUSYBOX_IMAGE)).build());

        String podUid = UUID.randomUUID().toString();
        Path logDirectory = Files.createDirectories(dir.resolve("pods").resolve(POD_NAMESPACE + "_hello_" + podUid));
        PodSandboxConfig podConfig = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName("hello").setUid(podUid).setNamespace(POD_NAMESPACE).setAttempt(0))
                .setHostname("hello")
                .setLogDirectory(logDirectory.toString())
                .setLinux(LinuxPodSandboxConfig.newBuilder()
                        .setSecurityContext(LinuxSandboxSecurityContext.getDefaultInstance()))
                .build();
        String podId = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(podConfig).build())
                .getPodSandboxId();

        PodSandboxStatus pod = runtime.podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                .setPodSandboxId(podId).build()).getStatus();
        assertThat(pod.getState()).isEqualTo(PodSandboxState.SANDBOX_READY);
        assertThat(Cidr.parse(settings.podSubnet()).contains(pod.getNetwork().getIp()))
                .as("pod IP %s in %s", pod.getNetwork().getIp(), settings.podSubnet()).isTrue();

        Files.createDirectories(logDirectory.resolve("shell"));
        String shell = runtime.createContainer(CreateContainerRequest.newBuilder()
                .setPodSandboxId(podId)
                .setSandboxConfig(podConfig)
                .setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("shell"))
                        .setImage(ImageSpec.newBuilder().setImage(NodeImages.BUSYBOX_IMAGE))
                        .addAllCommand(List.of("sh", "-c", "echo hello; sleep 3600"))
                        .setLogPath("shell/0.log"))
                .build()).getContainerId();
        runtime.startContainer(StartContainerRequest.newBuilder().setContainerId(shell).build());

        assertThat(containerStatus(runtime, shell).getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        Path log = logDirectory.resolve("shell/0.log");
        // CRI log format: <RFC3339Nano time> <stream> <P|F> <content>
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(log).exists()
                .content().containsPattern("(?m)^\\S+ stdout F hello$"));

        runtime.stopContainer(StopContainerRequest.newBuilder().setContainerId(shell).setTimeout(1).build());
        assertThat(containerStatus(runtime, shell).getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        runtime.removeContainer(RemoveContainerRequest.newBuilder().setContainerId(shell).build());

        runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        runtime.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        assertThat(runtime.listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList())
                .extracting(s -> s.getId()).doesNotContain(podId);
    }

    @Test
    void pauseImageExitsCleanlyOnSigterm() throws Exception {
        // CRI kills a sandbox with SIGKILL, so the pause image's TERM handling is seen by running it as a container:
        // exit code 0 means its shell trapped SIGTERM, 137 would mean it ignored it until the SIGKILL.
        RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime = RuntimeServiceGrpc.newBlockingStub(cri.channel());
        ImageServiceGrpc.newBlockingStub(cri.channel()).pullImage(PullImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(NodeImages.PAUSE_IMAGE)).build());
        String podUid = UUID.randomUUID().toString();
        Path logDirectory = Files.createDirectories(dir.resolve("pods").resolve(POD_NAMESPACE + "_pause_" + podUid));
        PodSandboxConfig podConfig = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName("pause").setUid(podUid).setNamespace(POD_NAMESPACE))
                .setLogDirectory(logDirectory.toString())
                .setLinux(LinuxPodSandboxConfig.getDefaultInstance())
                .build();
        String podId = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(podConfig).build())
                .getPodSandboxId();
        String pause = runtime.createContainer(CreateContainerRequest.newBuilder()
                .setPodSandboxId(podId)
                .setSandboxConfig(podConfig)
                .setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName("pause"))
                        .setImage(ImageSpec.newBuilder().setImage(NodeImages.PAUSE_IMAGE))
                        .setLogPath("pause.log"))
                .build()).getContainerId();
        runtime.startContainer(StartContainerRequest.newBuilder().setContainerId(pause).build());
        assertThat(containerStatus(runtime, pause).getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);

        runtime.stopContainer(StopContainerRequest.newBuilder().setContainerId(pause).setTimeout(20).build());

        ContainerStatus stopped = containerStatus(runtime, pause);
        assertThat(stopped.getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(stopped.getExitCode()).isZero();
        runtime.removeContainer(RemoveContainerRequest.newBuilder().setContainerId(pause).build());
        runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
        runtime.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
    }

    @Test
    void imagePushedToADockerRegistryIsPulledThroughItsMirror() {
        ImageServiceGrpc.ImageServiceBlockingStub imageService = ImageServiceGrpc.newBlockingStub(cri.channel());
        String image = dockerRegistry.host() + "/busybox:pull";

        String imageRef = imageService.pullImage(PullImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(image)).build()).getImageRef();

        ImageStatusResponse status = imageService.imageStatus(ImageStatusRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(image)).build());
        assertThat(status.hasImage()).isTrue();
        assertThat(status.getImage().getId()).isEqualTo(imageRef);
        assertThat(status.getImage().getRepoTagsList()).contains(image);
        assertThat(status.getImage().getRepoDigestsList())
                .contains(dockerRegistry.host() + "/busybox@" + pushedDigest);
        assertThat(pushedDigest).isEqualTo(images.get(0).manifestDigest());
    }

    private static ContainerStatus containerStatus(RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime, String id) {
        return runtime.containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build()).getStatus();
    }
}
