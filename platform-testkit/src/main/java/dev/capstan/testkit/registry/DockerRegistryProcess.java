package dev.capstan.testkit.registry;

import dev.capstan.testkit.LocalServerProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Docker distribution registry ({@code /usr/bin/docker-registry}, Debian's build of distribution 2.8) serving
 * plain HTTP on 127.0.0.1, with filesystem storage in a directory the test owns. {@link #start} returns once
 * {@code GET /v2/} answers 200; {@link #close} stops the process.
 */
public final class DockerRegistryProcess implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    private final int port;
    private final Path log;

    private DockerRegistryProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    /** Starts a registry storing under {@code dir}, on a free loopback port. */
    public static DockerRegistryProcess start(Path dir) throws IOException, InterruptedException {
        int port = LocalServerProcess.freePort();
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                """.formatted(storage, port));
        Path log = dir.resolve("registry.log");
        Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        DockerRegistryProcess registry = new DockerRegistryProcess(process, port, log);
        LocalServerProcess.awaitReady(process, registry.endpoint().resolve("/v2/"), log, Duration.ofSeconds(20));
        return registry;
    }

    /** {@code 127.0.0.1:<port>}, the registry host part of an image name. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public URI endpoint() {
        return URI.create("http://" + host());
    }

    @Override
    public void close() throws InterruptedException {
        LocalServerProcess.stop(process);
    }
}
