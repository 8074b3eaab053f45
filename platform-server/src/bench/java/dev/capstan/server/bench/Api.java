package dev.capstan.server.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * The load's HTTP side: JDK {@link HttpClient}s (HTTP/1.1, keep-alive), one per group of workers so that no single
 * client's selector thread serialises the load. 2xx bodies are read to the end and dropped; other answers become
 * an exception carrying the status and body.
 */
final class Api {

    static final int WORKERS_PER_CLIENT = 16;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String base;
    private final HttpClient[] clients;
    private final SSLContext ssl;

    /** {@code ssl} is null for plain HTTP. */
    Api(String base, SSLContext ssl, int workers) {
        this.base = base;
        this.ssl = ssl;
        this.clients = new HttpClient[Math.max(1, (workers + WORKERS_PER_CLIENT - 1) / WORKERS_PER_CLIENT)];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = newClient();
        }
    }

    /** A fresh client on the same server (own connection pool and selector thread), for watchers. */
    HttpClient newClient() {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "http-client");
                    t.setDaemon(true);
                    return t;
                }));
        if (ssl != null) {
            b.sslContext(ssl);
        }
        return b.build();
    }

    String base() {
        return base;
    }

    /** The base URL with ws:// or wss://, for watches over WebSocket. */
    String webSocketBase() {
        return base.replaceFirst("^http", "ws");
    }

    void post(int worker, String path, String json) throws IOException, InterruptedException {
        send(worker, request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    void mergePatch(int worker, String path, String json) throws IOException, InterruptedException {
        send(worker, request(path).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    void get(int worker, String path) throws IOException, InterruptedException {
        send(worker, request(path).GET().build());
    }

    /** A GET whose body is kept, for setup and checks (not in the timed loops). */
    String getString(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = clients[0].send(request(path).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() / 100 != 2) {
            throw new IOException("GET " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header("Accept", "application/json");
    }

    private void send(int worker, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = clients[(worker / WORKERS_PER_CLIENT) % clients.length].send(request, info ->
                info.statusCode() / 100 == 2
                        ? HttpResponse.BodySubscribers.replacing(null)
                        : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " -> " + r.statusCode() + " "
                    + r.body());
        }
    }
}
