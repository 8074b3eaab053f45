package dev.capstan.node.runtime;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A containerd the agent starts and owns, as k3s does: the agent writes its {@code config.toml} and CNI network
 * under {@link ContainerdSettings#baseDir()}, runs {@code containerd --config ...} as a child process logging to
 * {@link ContainerdLayout#logFile()}, and talks CRI to {@link #socket()}.
 *
 * <p>{@link #close()} stops containerd only; like any containerd restart it leaves running pods (their shims) alone.
 * {@link ContainerdCleanup} removes pods' remains and the host network state when the node is torn down.
 */
public final class ManagedContainerd implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagedContainerd.class);

    private volatile ContainerdSettings settings;
    private final Process process;

    private ManagedContainerd(ContainerdSettings settings, Process process) {
        this.settings = settings;
        this.process = process;
    }

    /**
     * Writes the configuration and starts containerd, returning once its socket accepts connections.
     *
     * @throws IOException if containerd cannot be started, exits, or does not listen within the start timeout (it is
     *                     then stopped; its log says why)
     */
    public static ManagedContainerd start(ContainerdSettings settings) throws IOException {
        ContainerdLayout layout = settings.layout();
        writeConfiguration(settings);
        stopLeftover(settings);
        // A socket left by a containerd that was killed would make us think the new one is up.
        Files.deleteIfExists(layout.socket());
        Process process = new ProcessBuilder(settings.containerd().toString(),
                "--config", layout.configFile().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logFile().toFile()))
                .start();
        Files.writeString(layout.pidFile(), Long.toString(process.pid()));
        ManagedContainerd containerd = new ManagedContainerd(settings, process);
        try {
            containerd.awaitSocket();
        } catch (IOException | RuntimeException e) {
            containerd.close();
            throw e;
        }
        log.info("containerd started pid={} socket={} log={}", process.pid(), layout.socket(), layout.logFile());
        return containerd;
    }

    /** Writes {@code config.toml} and the CNI network list, creating the directories they name. */
    static void writeConfiguration(ContainerdSettings settings) throws IOException {
        ContainerdLayout layout = settings.layout();
        for (Path dir : List.of(layout.baseDir(), layout.root(), layout.state(), layout.runcRoot(), layout.opt(),
                layout.cniConfDir(), layout.ipamDataDir())) {
            Files.createDirectories(dir);
        }
        Files.writeString(layout.configFile(), ContainerdConfigToml.render(settings), StandardCharsets.UTF_8);
        Files.writeString(layout.cniConfFile(), CniConfList.render(settings), StandardCharsets.UTF_8);
    }

    /**
     * Stops a containerd an earlier agent process started on the same base directory and did not stop (the agent was
     * killed; containerd outlives it by design). It holds the metadata database lock, so a new one could not start.
     */
    private static void stopLeftover(ContainerdSettings settings) throws IOException {
        Path pidFile = settings.layout().pidFile();
        if (!Files.exists(pidFile)) {
            return;
        }
        String configFile = settings.layout().configFile().toString();
        try {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                    .filter(p -> p.info().arguments().map(args -> List.of(args).contains(configFile)).orElse(false))
                    .ifPresent(leftover -> {
                        log.warn("stopping containerd left by an earlier agent pid={}", leftover.pid());
                        leftover.destroy();
                        try {
                            leftover.onExit().get(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
                        } catch (Exception notStopped) {
                            leftover.destroyForcibly();
                        }
                    });
        } catch (NumberFormatException garbled) {
            // not our pid file's format: nothing to stop
        }
        Files.deleteIfExists(pidFile);
    }

    /**
     * Rewrites the CNI network for the node's pod subnet once it is known (the Node's {@code spec.podCIDR} arrives
     * after containerd is up). containerd's CRI watches its CNI config directory and reloads on change; pods created
     * afterwards get addresses from {@code subnet}. The file is replaced with a rename, so containerd never reads half
     * of it. A bridge left with a gateway address of another subnet is deleted
     * ({@link ContainerdCleanup#removeStaleBridge}); the next sandbox creates it again.
     *
     * @param ipMasq the bridge plugin's {@code ipMasq}, see {@link CniConfList#render(ContainerdSettings, boolean)}
     */
    public synchronized void usePodNetwork(String subnet, boolean ipMasq) throws IOException {
        settings = writePodNetwork(settings, subnet, ipMasq);
    }

    /**
     * The pod subnet of the CNI network a previous agent wrote under this base directory, if any: after a restart
     * containerd starts with it, so the bridge of the running pods stays (the Node's pod CIDR does not change).
     */
    public static Optional<String> writtenPodSubnet(ContainerdSettings settings) {
        return CniConfList.subnetIn(settings.layout().cniConfFile());
    }

    /** {@link #usePodNetwork}'s work; returns the settings with the new subnet. */
    static ContainerdSettings writePodNetwork(ContainerdSettings settings, String subnet, boolean ipMasq) throws IOException {
        ContainerdSettings updated = settings.withPodNetwork(subnet, settings.bridgeName());
        Path file = updated.layout().cniConfFile();
        String content = CniConfList.render(updated, ipMasq);
        if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
            // a name containerd skips: it only loads *.conf, *.conflist and *.json
            Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.info("event=cni_network_written subnet={} ipMasq={} file={}", subnet, ipMasq, file);
        }
        ContainerdCleanup.removeStaleBridge(updated);
        return updated;
    }

    /** containerd's gRPC unix socket, where CRI ({@code runtime.v1}) is served. */
    public Path socket() {
        return settings.layout().socket();
    }

    public ContainerdSettings settings() {
        return settings;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops containerd: SIGTERM, then SIGKILL after the stop timeout. Idempotent; pods keep running. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("containerd did not stop on SIGTERM, killing pid={}", process.pid());
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        log.info("containerd stopped pid={} exit={}", process.pid(), process.isAlive() ? "running" : process.exitValue());
        if (!process.isAlive()) {
            try {
                Files.deleteIfExists(settings.layout().pidFile());
            } catch (IOException e) {
                log.warn("cannot remove {}: {}", settings.layout().pidFile(), e.toString());
            }
        }
    }

    private void awaitSocket() throws IOException {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket());
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("containerd exited with " + process.exitValue() + ", see "
                        + settings.layout().logFile());
            }
            if (Files.exists(socket())) {
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(address);
                    return;
                } catch (IOException notYet) {
                    // the socket file exists just before containerd listens on it
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("containerd did not listen on " + socket() + " within "
                        + settings.startTimeout() + ", see " + settings.layout().logFile());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for containerd", e);
            }
        }
    }
}
