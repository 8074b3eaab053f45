package dev.capstan.node.runtime;

import dev.capstan.node.images.NodeImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the agent runs its own containerd: where its files go, where images come from, and the pod network.
 *
 * <p>Everything containerd and CNI keep lives under {@code baseDir} (see {@link ContainerdLayout}); keep it short,
 * since containerd's socket path inside it must fit a unix socket's 108 bytes.
 *
 * @param baseDir        directory for config, socket, log, containerd root/state and CNI files
 * @param imageMirrors   registry host -> endpoint URL (e.g. {@code capstan.local -> http://127.0.0.1:5001}); each
 *                       becomes a CRI {@code registry.mirrors} entry
 * @param podSubnet      IPv4 CIDR the bridge plugin's host-local IPAM hands out pod IPs from
 * @param bridgeName     the Linux bridge the pods attach to (at most 15 characters)
 * @param sandboxImage   the pause image of every pod sandbox
 * @param containerd     the containerd binary
 * @param cniBinDir      where the CNI plugins (bridge, host-local, portmap, loopback) are installed
 * @param startTimeout   how long to wait for containerd's socket to accept connections
 * @param stopTimeout    how long to wait after SIGTERM before SIGKILL
 */
public record ContainerdSettings(
        Path baseDir,
        Map<String, String> imageMirrors,
        String podSubnet,
        String bridgeName,
        String sandboxImage,
        Path containerd,
        Path cniBinDir,
        Duration startTimeout,
        Duration stopTimeout) {

    public static final String DEFAULT_POD_SUBNET = "10.42.0.0/24";
    public static final String DEFAULT_BRIDGE = "capstan0";
    /** The CNI network name; CNI's iptables rules and result cache entries carry it. */
    public static final String NETWORK_NAME = "capstan";

    public ContainerdSettings {
        Objects.requireNonNull(baseDir, "baseDir");
        imageMirrors = Map.copyOf(imageMirrors);
        Cidr.parse(podSubnet);
        if (bridgeName.isEmpty() || bridgeName.length() > 15) {
            throw new IllegalArgumentException("a Linux interface name has 1 to 15 characters: " + bridgeName);
        }
    }

    /**
     * The defaults for a node: pods in {@value #DEFAULT_POD_SUBNET} on bridge {@value #DEFAULT_BRIDGE}, sandbox image
     * {@link NodeImages#PAUSE_IMAGE}, and {@link NodeImages#REGISTRY_HOST} mirrored to the agent's local registry.
     *
     * @param localRegistryEndpoint e.g. {@code http://127.0.0.1:5001}, see
     *                              {@link dev.capstan.node.images.LocalImageRegistry#endpoint()}
     */
    public static ContainerdSettings defaults(Path baseDir, String localRegistryEndpoint) {
        return new ContainerdSettings(baseDir.toAbsolutePath(),
                Map.of(NodeImages.REGISTRY_HOST, localRegistryEndpoint),
                DEFAULT_POD_SUBNET, DEFAULT_BRIDGE, NodeImages.PAUSE_IMAGE,
                Path.of("/usr/bin/containerd"), Path.of("/usr/lib/cni"),
                Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /** A copy with one more registry mirror: pulls of {@code host/...} go to {@code endpoint} (http or https). */
    public ContainerdSettings withMirror(String host, String endpoint) {
        Map<String, String> mirrors = new LinkedHashMap<>(imageMirrors);
        mirrors.put(host, endpoint);
        return new ContainerdSettings(baseDir, mirrors, podSubnet, bridgeName, sandboxImage, containerd, cniBinDir,
                startTimeout, stopTimeout);
    }

    public ContainerdSettings withPodNetwork(String subnet, String bridge) {
        return new ContainerdSettings(baseDir, imageMirrors, subnet, bridge, sandboxImage, containerd, cniBinDir,
                startTimeout, stopTimeout);
    }

    /** The file layout under {@link #baseDir()}. */
    public ContainerdLayout layout() {
        return new ContainerdLayout(baseDir);
    }
}
