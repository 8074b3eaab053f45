package dev.capstan.node.runtime;

import java.nio.file.Path;

/** Where a managed containerd's files live under its base directory. */
public record ContainerdLayout(Path baseDir) {

    public Path configFile() {
        return baseDir.resolve("config.toml");
    }

    /** containerd's gRPC socket (CRI and containerd API); the ttrpc socket is this path + {@code .ttrpc}. */
    public Path socket() {
        return baseDir.resolve("containerd.sock");
    }

    public Path logFile() {
        return baseDir.resolve("containerd.log");
    }

    /** The pid of the containerd the agent started, to stop it if the agent died without doing so. */
    public Path pidFile() {
        return baseDir.resolve("containerd.pid");
    }

    /** containerd's persistent root: content store, snapshots (image layers), metadata, CRI sandbox files. */
    public Path root() {
        return baseDir.resolve("root");
    }

    /** containerd's runtime state: task bundles, CRI fifos. */
    public Path state() {
        return baseDir.resolve("state");
    }

    /** runc's state (its {@code --root}), instead of the shared /run/containerd/runc. */
    public Path runcRoot() {
        return baseDir.resolve("runc");
    }

    /** The "opt" plugin's directory, instead of /opt/containerd. */
    public Path opt() {
        return baseDir.resolve("opt");
    }

    public Path cniConfDir() {
        return baseDir.resolve("cni/net.d");
    }

    public Path cniConfFile() {
        return cniConfDir().resolve("10-capstan.conflist");
    }

    /** host-local IPAM's allocations, instead of the shared /var/lib/cni/networks. */
    public Path ipamDataDir() {
        return baseDir.resolve("cni/networks");
    }
}
