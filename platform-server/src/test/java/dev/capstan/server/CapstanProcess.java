package dev.capstan.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code capstan <role>} OS process from the packaged jar ({@code target/capstan.jar}, built in the package phase
 * before the integration tests), for tests that kill and restart control-plane processes. {@link #kill()} is a
 * SIGKILL (a crash: no lease released, no connection closed cleanly); {@link #start()} again runs the same command
 * (same ports, same data directory). The output goes to {@code target/capstan-logs/<name>.log}, appended across
 * restarts. A shutdown hook kills the process if the test JVM exits without {@link #close()}.
 */
public final class CapstanProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Path log;
    private final Thread shutdownHook;
    private Process process;
    /** Where the current run's output starts in the log (runs append to one file). */
    private volatile long runStart;

    /** @param args the role and its flags, e.g. {@code "scheduler", "--kubeconfig", FILE} */
    public CapstanProcess(String name, String... args) {
        Path jar = Path.of("target", "capstan.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: it is built by the package phase before integration tests");
        }
        this.name = name;
        this.command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // small and quick to start: several of these share two cores with etcd and the test
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        this.command.addAll(List.of(args));
        try {
            Path logs = Files.createDirectories(Path.of("target", "capstan-logs").toAbsolutePath());
            this.log = logs.resolve(name + "-" + System.currentTimeMillis() + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.shutdownHook = new Thread(this::kill, "capstan-process-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A free loopback port (for a role's {@code --port}). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** Starts the process (again), unless it runs. Does not wait for it to be ready. */
    public synchronized CapstanProcess start() {
        if (isAlive()) {
            return this;
        }
        runStart = log.toFile().length();
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
            process = null;
        }
    }

    /** SIGTERM (a clean shutdown), SIGKILL after 20 s. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    /** Whether the current run's log contains {@code text}. */
    public boolean logContains(String text) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            byte[] run = new byte[(int) Math.max(0, file.length() - runStart)];
            file.seek(runStart);
            file.readFully(run);
            return new String(run, java.nio.charset.StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of the log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void waitFor() {
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
