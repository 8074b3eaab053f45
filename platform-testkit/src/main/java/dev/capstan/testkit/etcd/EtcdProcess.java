package dev.capstan.testkit.etcd;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd for tests: the {@code etcd} binary on free loopback ports with a fresh data directory, as a cluster
 * of one or as one member of an {@link EtcdCluster}.
 *
 * <p>{@link #stop()} and {@link #start()} keep the ports and the data, so a test can take etcd away and bring the
 * same cluster back (an outage). {@link #close()} stops it and deletes the data. The process log goes to
 * {@code target/etcd-logs/}. If a test JVM exits without closing, a shutdown hook still kills etcd. Use it as a
 * plain {@link AutoCloseable} or as a JUnit 5 extension ({@code @RegisterExtension static}).
 *
 * <p>The binary is {@code $ETCD_BIN}, else {@code etcd} on the {@code PATH}, else {@code /usr/bin/etcd}. If there is
 * none the constructor fails, on purpose: an etcd test that silently skipped would prove nothing.
 *
 * <pre>{@code
 * try (EtcdProcess etcd = EtcdProcess.startNew()) {
 *     Storage store = new EtcdStorage(EtcdStorageOptions.of(etcd.clientUrl()));
 * }
 * }</pre>
 */
public final class EtcdProcess implements ProcessFixture {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final Path binary;
    private final String name;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Path logFile;
    private final int clientPort;
    private final int peerPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread shutdownHook = new Thread(this::destroyQuietly, "etcd-process-shutdown");
    /** The {@code --initial-cluster} value: this member alone, or all members of an {@link EtcdCluster}. */
    private String initialCluster;
    /** The {@code --initial-cluster-token}: unique per cluster, so members of two test clusters never join. */
    private String clusterToken;
    private Process process;

    /**
     * Picks the binary, two free ports and a fresh temporary data directory (deleted by {@link #close()}); does not
     * start etcd yet (see {@link #start()}).
     *
     * @throws IllegalStateException if there is no etcd binary
     */
    public EtcdProcess() {
        this(null);
    }

    /**
     * Like {@link #EtcdProcess()} but with the caller's data directory (created if missing, kept by
     * {@link #close()}); null means a temporary one.
     */
    public EtcdProcess(Path dataDir) {
        this("capstan-test", dataDir);
        initialCluster(name + "=" + peerUrl(), "capstan-" + peerPort);
    }

    /** A member named {@code name}; an {@link EtcdCluster} sets its {@code --initial-cluster} before the start. */
    EtcdProcess(String name, Path dataDir) {
        this.binary = findBinary();
        this.name = name;
        this.ownsDataDir = dataDir == null;
        try {
            this.clientPort = freePort();
            int peer = freePort();
            while (peer == clientPort) {
                peer = freePort();
            }
            this.peerPort = peer;
            this.dataDir = dataDir == null ? Files.createTempDirectory("capstan-etcd-" + name + "-")
                    : Files.createDirectories(dataDir).toAbsolutePath();
            restrictToOwner(this.dataDir);
            Path logDir = Path.of("target", "etcd-logs").toAbsolutePath();
            Files.createDirectories(logDir);
            this.logFile = logDir.resolve("etcd-" + clientPort + "-" + System.currentTimeMillis() + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A new etcd, started: {@code new EtcdProcess().start()}, closed again if it does not come up. */
    public static EtcdProcess startNew() {
        return start(null);
    }

    /** A new etcd on {@code dataDir} (kept on close; null for a temporary one), started. */
    public static EtcdProcess start(Path dataDir) {
        return ProcessFixture.started(new EtcdProcess(dataDir));
    }

    /** The data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** The client URL, e.g. {@code http://127.0.0.1:40123}. */
    public String clientUrl() {
        return "http://127.0.0.1:" + clientPort;
    }

    /** The member name. */
    public String name() {
        return name;
    }

    /** The peer URL, e.g. {@code http://127.0.0.1:40124}. */
    public String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    void initialCluster(String members, String token) {
        this.initialCluster = members;
        this.clusterToken = token;
    }

    /** Where the etcd process writes its log (appended across restarts). */
    public Path logFile() {
        return logFile;
    }

    /** Whether the process is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts etcd, or starts it again after {@link #stop()} on the same ports and data directory, and waits until
     * its {@code /health} endpoint answers. Does nothing if it is running.
     *
     * @return this
     * @throws IllegalStateException if etcd exits or is not healthy within 30 s (the message names the log file)
     */
    @Override
    public synchronized EtcdProcess start() {
        if (isRunning()) {
            return this;
        }
        launch();
        awaitHealthy();
        return this;
    }

    /**
     * Starts the process without waiting for it to be healthy: a member of a new cluster is healthy only once a
     * quorum of its peers runs, so a cluster launches every member first and then waits.
     */
    synchronized void launch() {
        if (isRunning()) {
            return;
        }
        String peerUrl = peerUrl();
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--name", name,
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", clientUrl(),
                "--advertise-client-urls", clientUrl(),
                "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", initialCluster,
                "--initial-cluster-token", clusterToken,
                "--initial-cluster-state", "new",
                // Room for a value of exactly StorageLimits.MAX_VALUE_BYTES plus the key and request framing
                // (etcd's default limit is 1.5 MiB for the whole request).
                "--max-request-bytes", String.valueOf(3 * 1024 * 1024),
                "--logger", "zap",
                "--log-outputs", "stderr"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // Keep etcd's own environment knobs (ETCD_*) from a developer shell out of the test.
        builder.environment().keySet().removeIf(key -> key.startsWith("ETCD_"));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
        }
    }

    /** Kills etcd with SIGKILL (a crash, no clean shutdown) and waits for it to exit. Keeps the data. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops etcd with SIGTERM and waits for it to exit (SIGKILL after 10 s). Keeps the data. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops etcd and deletes its data directory if it made it. */
    @Override
    public synchronized void close() {
        stop();
        if (ownsDataDir) {
            deleteRecursively(dataDir);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    synchronized void awaitHealthy() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(clientUrl() + "/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with code " + process.exitValue() + " during startup; "
                        + "see " + logFile);
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"health\":\"true\"")) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for etcd", e);
            }
            sleep(100);
        }
        throw new IllegalStateException("etcd at " + clientUrl() + " not healthy after " + STARTUP_TIMEOUT
                + " (last: " + last + "); see " + logFile);
    }

    private static Path findBinary() {
        String explicit = System.getenv("ETCD_BIN");
        if (explicit != null && !explicit.isBlank() && Files.isExecutable(Path.of(explicit))) {
            return Path.of(explicit);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "etcd"))) {
                return Path.of(dir, "etcd");
            }
        }
        if (Files.isExecutable(Path.of("/usr/bin/etcd"))) {
            return Path.of("/usr/bin/etcd");
        }
        throw new IllegalStateException("No etcd binary found (looked at $ETCD_BIN, the PATH and /usr/bin/etcd). "
                + "The etcd tests need a real etcd: run scripts/install-deps.sh to install it.");
    }

    /** etcd 3.4 warns, and later versions refuse, a data directory others can read. */
    private static void restrictToOwner(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to restrict
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private void destroyQuietly() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for etcd", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
