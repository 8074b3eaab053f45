package dev.capstan.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.node.cri.v1.LinuxPodSandboxConfig;
import dev.capstan.node.cri.v1.LinuxSandboxSecurityContext;
import dev.capstan.node.cri.v1.PodSandboxConfig;
import dev.capstan.node.cri.v1.PodSandboxMetadata;
import dev.capstan.node.cri.v1.PodSandboxStatusRequest;
import dev.capstan.node.cri.v1.RemovePodSandboxRequest;
import dev.capstan.node.cri.v1.RunPodSandboxRequest;
import dev.capstan.node.cri.v1.RuntimeServiceGrpc;
import dev.capstan.node.cri.v1.StatusRequest;
import dev.capstan.node.cri.v1.StopPodSandboxRequest;
import dev.capstan.node.images.LocalImageRegistry;
import dev.capstan.node.images.NodeImages;
import dev.capstan.node.network.CniConfigReload;
import dev.capstan.node.cri.CriChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Node's pod CIDR arrives after containerd started with another subnet: the rewritten CNI network is picked up
 * by the running containerd (its CRI watches the config directory), and the next sandbox gets an address from the
 * new subnet. Uses its own bridge name and subnet, so it runs next to other nodes on the host. Needs root,
 * containerd, runc, the CNI plugins and busybox-static.
 */
@EnabledIf("dev.capstan.node.runtime.ManagedContainerdIT#hostCanRunPods")
class PodNetworkReloadIT {

    @Test
    void aRewrittenCniNetworkIsUsedByTheNextSandboxWithoutRestartingContainerd(@TempDir Path dir) throws Exception {
        String bridge = "capr" + ThreadLocalRandom.current().nextInt(1000, 9999);
        try (LocalImageRegistry registry = LocalImageRegistry.start(0, NodeImages.build(NodeImages.DEFAULT_BUSYBOX))) {
            ContainerdSettings settings = ContainerdSettings.defaults(dir.resolve("ctrd"), registry.endpoint())
                    .withPodNetwork("10.203.0.0/24", bridge);
            ManagedContainerd containerd = ManagedContainerd.start(settings);
            try (CriChannel cri = new CriChannel(containerd.socket())) {
                RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime = RuntimeServiceGrpc.newBlockingStub(cri.channel());

                containerd.usePodNetwork("10.203.1.0/24", false);

                // what the CRI plugin has loaded (containerd's verbose status carries its CNI config)
                assertThat(CniConfigReload.awaitLoaded(() -> runtime.status(StatusRequest.newBuilder().setVerbose(true)
                        .build()).getInfoMap().get("cniconfig"), "10.203.1.0/24", Duration.ofSeconds(20))).isTrue();
                PodSandboxConfig config = PodSandboxConfig.newBuilder()
                        .setMetadata(PodSandboxMetadata.newBuilder().setName("reload").setUid(UUID.randomUUID().toString())
                                .setNamespace("default"))
                        .setHostname("reload")
                        .setLogDirectory(Files.createDirectories(dir.resolve("logs")).toString())
                        .setLinux(LinuxPodSandboxConfig.newBuilder()
                                .setSecurityContext(LinuxSandboxSecurityContext.getDefaultInstance()))
                        .build();
                String podId = runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(config).build())
                        .getPodSandboxId();
                try {
                    String ip = runtime.podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(podId).build())
                            .getStatus().getNetwork().getIp();
                    assertThat(Cidr.parse("10.203.1.0/24").contains(ip)).as("pod IP %s", ip).isTrue();
                } finally {
                    runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
                    runtime.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build());
                }
            } finally {
                containerd.close();
                ContainerdCleanup.removeAll(containerd.settings());
            }
        } finally {
            HostCommand.run("ip", "link", "del", bridge);
        }
    }
}
