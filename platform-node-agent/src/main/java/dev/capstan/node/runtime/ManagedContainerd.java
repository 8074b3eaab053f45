package dev.capstan.node.runtime;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    private final ContainerdSettings settings;
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
