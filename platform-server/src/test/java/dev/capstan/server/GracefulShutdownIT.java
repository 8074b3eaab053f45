package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.server.GracefulShutdown;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful shutdown as a client sees it: /readyz fails first; new requests get 429 with Retry-After; open watches
 * end cleanly, those that allowed bookmarks right after a last BOOKMARK; on SIGTERM the process exits 0 and every
 * acknowledged write is there after a restart.
 */
class GracefulShutdownIT {

    @TempDir
    Path dataDir;

    /** In-process, stage by stage: the server's own shutdown step run directly, then requests against it. */
    @Test
    void stoppingTheApiFailsReadinessRefusesRequestsAndEndsWatchesAfterAFinalBookmark() throws Exception {
        RunningServer server = new RunningServer("--capstan.scheduler.enabled=false", "--capstan.controllers.enabled=false");
        server.beforeAll(null);
        try {
            HttpClient http = client(server.dataDir());
            String configMaps = server.url() + "/api/v1/namespaces/default/configmaps";
            long created = create(http, configMaps, "before-shutdown");
            Stream withBookmarks = Stream.open(http, configMaps + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + (created - 1));
            Stream withoutBookmarks = Stream.open(http, configMaps + "?watch=true&resourceVersion=" + (created - 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> withBookmarks.lines.size() == 1 && withoutBookmarks.lines.size() == 1);

            server.bean(GracefulShutdown.class).stop();

            assertThat(withBookmarks.end.get(30, TimeUnit.SECONDS)).as("ended cleanly").isNull();
            assertThat(withoutBookmarks.end.get(30, TimeUnit.SECONDS)).as("ended cleanly").isNull();
            assertThat(withBookmarks.lines).hasSize(2);
            assertThat(withBookmarks.lines.get(1)).startsWith("{\"type\":\"BOOKMARK\"")
                    .contains("\"resourceVersion\":\"" + created + "\"");
            assertThat(withoutBookmarks.lines).hasSize(1).noneMatch(line -> line.contains("BOOKMARK"));

            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("[-]shutdown failed");
            for (String url : List.of(configMaps, configMaps + "?watch=true")) {
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(429);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(refused.body()).contains("\"kind\":\"Status\"").contains("\"reason\":\"TooManyRequests\"")
                        .contains("shutting down");
            }
        } finally {
            server.afterAll(null);
        }
    }

    /** The real thing: SIGTERM to {@code capstan server} started from the packaged jar. */
    @Test
    void sigtermEndsWatchesCleanlyExitsZeroAndKeepsAcknowledgedWrites() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = startJar(port, "15s"); // long enough to see /readyz fail and the Endpoints change on a busy machine
        String base = "https://127.0.0.1:" + port;
        String configMaps = base + "/api/v1/namespaces/default/configmaps";
        HttpClient http = client(dataDir);
        long created;
        Stream watch;
        try {
            created = create(http, configMaps, "acknowledged");
            watch = Stream.open(http, configMaps + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + (created - 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> watch.lines.size() == 1);
            String kubernetesEndpoints = base + "/api/v1/namespaces/default/endpoints/kubernetes";
            await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(URI.create(kubernetesEndpoints))
                    .build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"addresses\""));

            process.destroy(); // SIGTERM

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("[-]shutdown failed");
            });
            // still answering during the delay, but no longer in the kubernetes Service's Endpoints
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                HttpResponse<String> endpoints = http.send(HttpRequest.newBuilder(URI.create(kubernetesEndpoints)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(endpoints.statusCode()).isEqualTo(200);
                assertThat(endpoints.body()).doesNotContain("\"addresses\"");
            });
            assertThat(watch.end.get(60, TimeUnit.SECONDS)).as("the watch ended cleanly").isNull();
            assertThat(watch.lines.get(watch.lines.size() - 1)).startsWith("{\"type\":\"BOOKMARK\"");
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(dataDir.resolve("state.db-wal")).as("the write-ahead log was folded into state.db").doesNotExist();

        Process restarted = startJar(port, "0s");
        try {
            HttpResponse<String> again = client(dataDir).send(HttpRequest.newBuilder(URI.create(configMaps + "/acknowledged")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).contains("\"resourceVersion\":\"" + created + "\"");
            restarted.destroy();
            assertThat(restarted.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(restarted.exitValue()).isZero();
        } finally {
            restarted.destroyForcibly();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process startJar(int port, String shutdownDelay) throws Exception {
        Path jar = Path.of("target", "capstan.jar").toAbsolutePath();
        assertThat(jar).as("built by the package phase before integration tests").exists();
        Files.deleteIfExists(dataDir.resolve("admin.kubeconfig"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "server", "--data-dir", dataDir.toString(), "--port",
                Integer.toString(port), "--shutdown-delay-duration", shutdownDelay,
                "--capstan.scheduler.enabled=false", "--capstan.controllers.enabled=false")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + "-server.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(dataDir.resolve("admin.kubeconfig")) || !process.isAlive());
        assertThat(process.isAlive()).as("server started").isTrue();
        return process;
    }

    private static HttpClient client(Path dataDir) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .sslContext(AdminTls.context(dataDir)).build();
    }

    /** Creates a ConfigMap; returns its resourceVersion once the server acknowledged it. */
    private static long create(HttpClient http, String configMaps, String name) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(configMaps))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"" + name + "\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Long.parseLong(created.body().replaceAll("(?s).*\"resourceVersion\":\"(\\d+)\".*", "$1"));
    }

    /** A watch response read line by line; {@code end} completes with null on a clean end, else with the error. */
    private record Stream(List<String> lines, CompletableFuture<IOException> end) {

        static Stream open(HttpClient http, String url) throws Exception {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            Stream stream = new Stream(new CopyOnWriteArrayList<>(), new CompletableFuture<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (!line.isBlank()) {
                            stream.lines.add(line);
                        }
                    }
                    stream.end.complete(null);
                } catch (IOException e) {
                    stream.end.complete(e);
                }
            }, "watch-reader");
            reader.setDaemon(true);
            reader.start();
            return stream;
        }
    }
}
