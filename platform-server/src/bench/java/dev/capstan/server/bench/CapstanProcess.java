package dev.capstan.server.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code capstan server} in a child JVM on the harness's test classpath, so that its RSS and CPU time are its own
 * (read from {@code /proc/<pid>}). Output goes to {@code <dataDir>/../capstan-server.log}.
 */
final class CapstanProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final List<String> jvmFlags;
    private final KubeconfigTls tls;

    private CapstanProcess(Process process, Path log, List<String> jvmFlags, KubeconfigTls tls) {
        this.process = process;
        this.log = log;
        this.jvmFlags = jvmFlags;
        this.tls = tls;
    }

    /**
     * Starts the server on {@code classpath} (see {@link #snapshotClasspath}) with {@code jvmFlags} on a free loopback
     * port and waits until /readyz answers ok.
     */
    static CapstanProcess start(String classpath, Path dataDir, List<String> jvmFlags, Duration timeout)
            throws Exception {
        return start(classpath, dataDir, jvmFlags, timeout, List.of());
    }

    /** As above, with extra {@code capstan server} arguments (e.g. {@code --capstan.scheduler.enabled=false}). */
    static CapstanProcess start(String classpath, Path dataDir, List<String> jvmFlags, Duration timeout,
                                List<String> serverArgs) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        // prints the ergonomic flags the JVM settled on (GC, heap) as the first line of the log
        command.add("-XX:+PrintCommandLineFlags");
        command.addAll(List.of("-cp", classpath, "dev.capstan.server.CapstanMain", "server",
                "--data-dir", dataDir.toString(), "--port", Integer.toString(port), "--bind-address", "127.0.0.1"));
        command.addAll(serverArgs);
        Path log = dataDir.resolveSibling("capstan-server.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        Path kubeconfig = dataDir.resolve("admin.kubeconfig");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(kubeconfig)) {
            failIfGone(process, log, deadline);
            Thread.sleep(100);
        }
        KubeconfigTls tls = KubeconfigTls.read(kubeconfig);
        HttpClient probe = HttpClient.newBuilder().sslContext(tls.sslContext()).build();
        while (true) {
            failIfGone(process, log, deadline);
            try {
                HttpResponse<String> ready = probe.send(
                        HttpRequest.newBuilder(URI.create(tls.server() + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200 && ready.body().trim().equals("ok")) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return new CapstanProcess(process, log, jvmFlags, tls);
    }

    private static void failIfGone(Process process, Path log, long deadline) throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("capstan server exited with " + process.exitValue() + "; log: " + log
                    + "\n" + tail(log));
        }
        if (System.nanoTime() > deadline) {
            process.destroyForcibly();
            throw new IllegalStateException("capstan server not ready in time; log: " + log + "\n" + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** The classpath the harness runs on: exec:java's class loader, or java.class.path when run plainly. */
    private static String testClasspath() throws URISyntaxException {
        ClassLoader loader = CapstanProcess.class.getClassLoader();
        if (loader instanceof URLClassLoader urls && urls.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : urls.getURLs()) {
                entries.add(new File(url.toURI()).getPath());
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    /**
     * Copies the harness's classpath jars into {@code dir} and returns the classpath over the copies. The local
     * Maven repository is shared: an {@code mvn install} elsewhere rewrites the SNAPSHOT jars under a running
     * server, which then fails to load its next class (ClassNotFoundException mid-run). Taken when the harness
     * starts, so the server runs the modules that were installed then.
     */
    static String snapshotClasspath(Path dir) throws IOException, URISyntaxException {
        String classpath = testClasspath();
        Files.createDirectories(dir);
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : classpath.split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isRegularFile(source)) {
                Path copy = dir.resolve(String.format("%03d-%s", i++, source.getFileName()));
                Files.copy(source, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    KubeconfigTls tls() {
        return tls;
    }

    long pid() {
        return process.pid();
    }

    /** The flags given on the command line plus those the JVM printed for itself (-XX:+PrintCommandLineFlags). */
    String jvmFlagsDescription() throws IOException {
        String printed = Files.readAllLines(log).stream().filter(l -> l.startsWith("-XX:")).findFirst().orElse("");
        return "given: " + (jvmFlags.isEmpty() ? "(none)" : String.join(" ", jvmFlags)) + "; effective: " + printed;
    }

    Path log() {
        return log;
    }

    /** Log lines at WARN or ERROR level, and stack traces, for the report. */
    List<String> problems() throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains(" ERROR ") || l.contains(" WARN ") || l.startsWith("Exception")
                        || l.contains("OutOfMemoryError"))
                .collect(Collectors.toList());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    static List<String> flags(String spaceSeparated) {
        return spaceSeparated.isBlank() ? List.of() : Arrays.asList(spaceSeparated.trim().split("\\s+"));
    }
}
