package dev.capstan.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the fixtures that run a real server binary (docker-registry, prometheus) share: a free loopback port to
 * give it, a wait until it answers, and a stop that does not leave it behind.
 */
public final class LocalServerProcess {

    private LocalServerProcess() {
    }

    /** A loopback port free right now (the usual race with whoever binds it next is accepted in tests). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Waits until {@code GET ready} answers 200. Fails, with the process's {@code log}, when it exits first or
     * {@code timeout} passes (then it is stopped).
     */
    public static void awaitReady(Process process, URI ready, Path log, Duration timeout) throws IOException, InterruptedException {
        String name = process.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("process");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited: " + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                stop(process);
                throw new IOException(name + " not ready in " + timeout + ": " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    /** SIGTERM, then SIGKILL if it has not ended within 10 seconds. */
    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
