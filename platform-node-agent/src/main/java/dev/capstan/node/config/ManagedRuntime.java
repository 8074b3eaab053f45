package dev.capstan.node.config;

import dev.capstan.node.images.LocalImageRegistry;
import dev.capstan.node.images.NodeImages;
import dev.capstan.node.runtime.ContainerdCleanup;
import dev.capstan.node.runtime.ContainerdSettings;
import dev.capstan.node.runtime.ManagedContainerd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The agent's own containerd (k3s-style), used when no {@code --container-runtime-endpoint} is given: the node
 * images (busybox, and the pause image every sandbox needs) are built from the host's busybox and served on a
 * loopback registry that containerd uses as the mirror of {@code capstan.local}, so they arrive through CRI
 * {@code PullImage} like any other image. Stopping the agent stops containerd; the containers' shims keep
 * running, and the next containerd on the same directory finds them again.
 */
public final class ManagedRuntime implements ContainerRuntimeEndpoint, AutoCloseable {

    private final LocalImageRegistry registry;
    private final ManagedContainerd containerd;

    public ManagedRuntime(Path baseDir, Path busybox, String podSubnet) {
        try {
            registry = LocalImageRegistry.start(0, NodeImages.build(busybox));
            ContainerdSettings settings = ContainerdSettings.defaults(baseDir, registry.endpoint());
            // without a configured subnet, the one the agent last wrote from its Node's spec.podCIDR: the pods that
            // survived the restart run on that bridge, and the Node's CIDR does not change
            String subnet = podSubnet != null && !podSubnet.isEmpty() ? podSubnet
                    : ManagedContainerd.writtenPodSubnet(settings).orElse(null);
            if (subnet != null) {
                settings = settings.withPodNetwork(subnet, ContainerdSettings.DEFAULT_BRIDGE);
            }
            ContainerdCleanup.removeStaleBridge(settings);
            containerd = ManagedContainerd.start(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the agent's containerd: " + e.getMessage(), e);
        }
    }

    /**
     * Points the pod network at the node's pod CIDR once it is known (after registration, before the first pod); see
     * {@link ManagedContainerd#usePodNetwork(String, boolean)}.
     */
    public void usePodNetwork(String podCidr, boolean bridgeMasquerade) {
        try {
            containerd.usePodNetwork(podCidr, bridgeMasquerade);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CNI network for " + podCidr + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Path socket() {
        return containerd.socket();
    }

    @Override
    public void close() {
        containerd.close();
        registry.close();
    }
}
