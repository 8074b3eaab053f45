package dev.capstan.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A control-plane component ({@code scheduler}, {@code controller-manager}) started from the packaged jar as its
 * own OS process, as an operator runs it: {@code java -jar capstan.jar ROLE --kubeconfig FILE --port N}, on a
 * free port, its output in a temp file. The jar is built by the package phase, before integration tests run.
 */
public final class ComponentProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ComponentProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static ComponentProcess start(String role, Path kubeconfig, String... extraArgs) throws IOException {
        Path jar = Path.of("target", "capstan.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: it is built by the package phase before integration tests");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("capstan-" + role, ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), role, "--kubeconfig", kubeconfig.toString(),
                "--port", Integer.toString(port)));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ComponentProcess(process, port, log);
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(log);
    }
}
