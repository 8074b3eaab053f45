package dev.capstan.server;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A control-plane component ({@code scheduler}, {@code controller-manager}) started from the packaged jar as its
 * own OS process, as an operator runs it: {@code java -jar capstan.jar ROLE --kubeconfig FILE --port N}, on a
 * free port, its output in a temp file. The jar is built by the package phase, before integration tests run.
 */
public final class ComponentProcess implements AutoCloseable {

    private static final HttpClient HTTPS = trustingAnyCertificate();

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

    /**
     * {@code GET https://127.0.0.1:PORT/path}, with {@code token} as the bearer token when not null. The port's
     * certificate is the self-signed one the component makes, so it is not verified.
     */
    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTPS.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private static HttpClient trustingAnyCertificate() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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
