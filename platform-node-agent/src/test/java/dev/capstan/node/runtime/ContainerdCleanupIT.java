package dev.capstan.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.node.cri.v1.ContainerConfig;
import dev.capstan.node.cri.v1.ContainerMetadata;
import dev.capstan.node.cri.v1.CreateContainerRequest;
import dev.capstan.node.cri.v1.ImageServiceGrpc;
import dev.capstan.node.cri.v1.ImageSpec;
import dev.capstan.node.cri.v1.KeyValue;
import dev.capstan.node.cri.v1.LinuxPodSandboxConfig;
import dev.capstan.node.cri.v1.PodSandboxConfig;
import dev.capstan.node.cri.v1.PodSandboxMetadata;
import dev.capstan.node.cri.v1.PodSandboxStatusRequest;
import dev.capstan.node.cri.v1.PortMapping;
import dev.capstan.node.cri.v1.PullImageRequest;
import dev.capstan.node.cri.v1.RunPodSandboxRequest;
import dev.capstan.node.cri.v1.RuntimeServiceGrpc;
import dev.capstan.node.cri.v1.StartContainerRequest;
import dev.capstan.node.images.LocalImageRegistry;
import dev.capstan.node.images.NodeImages;
import dev.capstan.node.cri.CriChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node torn down while a pod still runs (containerd stopped without removing it, as after a crash): the cleanup
 * leaves no container process, shim, mount, network namespace, bridge or CNI nat rule behind.
 */
@EnabledIf("dev.capstan.node.runtime.ManagedContainerdIT#hostCanRunPods")
class ContainerdCleanupIT {

    // Not the default network, so this test does not disturb pods of another containerd using it.
    private static final String SUBNET = "10.42.251.0/24";
    private static final String BRIDGE = "capstan-cl0";

    @TempDir
    Path dir;

    @Test
    void cleanupAfterContainerdStoppedWithARunningPodRemovesEverythingThePodLeft() throws Exception {
        String marker = "CAPSTAN_CLEANUP_TEST=" + UUID.randomUUID();
        ContainerdSettings settings;
        String podId;
        String podIp;
        try (LocalImageRegistry registry = LocalImageRegistry.start(0, NodeImages.build(NodeImages.DEFAULT_BUSYBOX))) {
            settings = ContainerdSettings.defaults(dir.resolve("ctrd"), registry.endpoint())
                    .withPodNetwork(SUBNET, BRIDGE);
            try (ManagedContainerd containerd = ManagedContainerd.start(settings);
                    CriChannel cri = new CriChannel(containerd.socket())) {
                RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime =
                        RuntimeServiceGrpc.newBlockingStub(cri.channel());
                ImageServiceGrpc.newBlockingStub(cri.channel()).pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(NodeImages.BUSYBOX_IMAGE)).build());
                PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                        .setMetadata(PodSandboxMetadata.newBuilder()
                                .setName("left-behind").setUid(UUID.randomUUID().toString()).setNamespace("default"))
                        .setLogDirectory(Files.createDirectories(dir.resolve("logs")).toString())
                        .addPortMappings(PortMapping.newBuilder().setContainerPort(8080).setHostPort(freePort()))
                        .setLinux(LinuxPodSandboxConfig.getDefaultInstance())
                        .build();
                podId = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build())
                        .getPodSandboxId();
                podIp = runtime.podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(podId).build())
                        .getStatus().getNetwork().getIp();
                String container = runtime.createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(podId)
                        .setSandboxConfig(pod)
                        .setConfig(ContainerConfig.newBuilder()
                                .setMetadata(ContainerMetadata.newBuilder().setName("sleeper"))
                                .setImage(ImageSpec.newBuilder().setImage(NodeImages.BUSYBOX_IMAGE))
                                .addAllCommand(List.of("sleep", "3600"))
                                .addEnvs(KeyValue.newBuilder().setKey(marker.substring(0, marker.indexOf('=')))
                                        .setValue(marker.substring(marker.indexOf('=') + 1)))
                                .setLogPath("sleeper.log"))
                        .build()).getContainerId();
                runtime.startContainer(StartContainerRequest.newBuilder().setContainerId(container).build());
            }
        }
        // The preconditions: what a pod leaves when containerd goes away without removing it.
        assertThat(processesWithEnvironment(marker)).as("the pod's container process").isNotEmpty();
        assertThat(natRules()).as("CNI nat rules of the pod").contains(podId);
        assertThat(Path.of("/var/run/netns")).isDirectoryContaining(p -> networkNamespaceOfPod(p, podId));

        ContainerdCleanup.removeAll(settings);

        assertThat(processesWithEnvironment(marker)).as("the pod's container process").isEmpty();
        assertThat(processesWithArgument(settings.layout().socket().toString())).as("shims of our containerd").isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(settings.baseDir().toString());
        assertThat(natRules()).as("CNI nat rules of the pod").doesNotContain(podId).doesNotContain(podIp + "/32");
        assertThat(HostCommand.run("ip", "link", "show", BRIDGE).succeeded()).as("bridge").isFalse();
        assertThat(Path.of("/var/lib/cni/results/capstan-" + podId + "-eth0")).doesNotExist();
        assertThat(settings.baseDir()).doesNotExist();
    }

    /** Whether {@code netns} is a namespace file that holds the pod's network (its CNI result names it). */
    private static boolean networkNamespaceOfPod(Path netns, String podId) {
        try {
            return Files.readString(Path.of("/var/lib/cni/results/capstan-" + podId + "-eth0"))
                    .contains(netns.toString());
        } catch (IOException e) {
            return false;
        }
    }

    private static String natRules() throws IOException {
        return HostCommand.run("iptables", "-w", "-t", "nat", "-S").output();
    }

    private static List<Long> processesWithEnvironment(String entry) throws IOException {
        return processes("environ", entry);
    }

    private static List<Long> processesWithArgument(String argument) throws IOException {
        return processes("cmdline", argument);
    }

    private static List<Long> processes(String procFile, String nulSeparatedEntry) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            return List.of(Files.readString(p.resolve(procFile)).split("\0"))
                                    .contains(nulSeparatedEntry);
                        } catch (IOException | RuntimeException gone) {
                            return false;
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
