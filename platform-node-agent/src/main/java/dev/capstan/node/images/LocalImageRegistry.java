package dev.capstan.node.images;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only OCI distribution-spec registry on loopback that serves the node's own images to containerd (which is
 * configured to use it as the mirror of {@link NodeImages#REGISTRY_HOST}).
 *
 * <p>Serves the pull side of the spec only: {@code GET /v2/}, {@code GET|HEAD /v2/<name>/manifests/<tag|digest>} and
 * {@code GET|HEAD /v2/<name>/blobs/<digest>}; anything else gets the spec's error JSON ({@code NAME_UNKNOWN},
 * {@code MANIFEST_UNKNOWN}, {@code BLOB_UNKNOWN}, {@code UNSUPPORTED}). A blob is served only under a repository
 * whose images reference it, as a real registry does. Binds 127.0.0.1 only: the images are for this node's
 * containerd, not for the network. Thread-safe; {@link #put} may be called while serving.
 */
public final class LocalImageRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalImageRegistry.class);

    // The distribution spec's repository name grammar, then the endpoint kind and the tag or digest.
    private static final Pattern ROUTE = Pattern.compile(
            "/v2/(?<name>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
                    + "/(?<kind>manifests|blobs)/(?<reference>[^/]+)");

    /** repository -> tag -> image */
    private final Map<String, Map<String, OciImage>> repositories = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;

    private LocalImageRegistry(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code images} on 127.0.0.1:{@code port}.
     *
     * @param port the TCP port, or 0 for any free one (see {@link #port()})
     */
    public static LocalImageRegistry start(int port, Iterable<OciImage> images) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        // containerd fetches the layers of an image in parallel; a few threads keep one large layer from
        // holding up the others.
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "local-image-registry");
            thread.setDaemon(true);
            return thread;
        });
        LocalImageRegistry registry = new LocalImageRegistry(server, executor);
        images.forEach(registry::put);
        server.createContext("/v2/", registry::handle);
        server.setExecutor(executor);
        server.start();
        log.info("local image registry started address={} images={}", registry.endpoint(), registry.repositories);
        return registry;
    }

    /** Adds or replaces the image under its repository and tag. */
    public void put(OciImage image) {
        repositories.computeIfAbsent(image.repository(), name -> new ConcurrentHashMap<>()).put(image.tag(), image);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, the value for containerd's mirror endpoint. */
    public String endpoint() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
    }

    /** Stops serving at once; in-flight downloads are cut (containerd retries the pull). Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            if (!method.equals("GET") && !method.equals("HEAD")) {
                error(exchange, 405, "UNSUPPORTED", "this registry is read-only");
                return;
            }
            if (path.equals("/v2/")) {
                send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), null);
                return;
            }
            Matcher route = ROUTE.matcher(path);
            if (!route.matches()) {
                error(exchange, 404, "NAME_INVALID", "no such endpoint: " + path);
                return;
            }
            Map<String, OciImage> tags = repositories.get(route.group("name"));
            if (tags == null) {
                error(exchange, 404, "NAME_UNKNOWN", "repository name not known to registry");
                return;
            }
            String reference = route.group("reference");
            if (route.group("kind").equals("manifests")) {
                serveManifest(exchange, tags, reference);
            } else {
                serveBlob(exchange, tags, reference);
            }
            log.debug("served method={} path={} status={}", method, path, exchange.getResponseCode());
        }
    }

    private static void serveManifest(HttpExchange exchange, Map<String, OciImage> tags, String reference)
            throws IOException {
        Optional<OciImage> image = Digests.isDigest(reference)
                ? tags.values().stream().filter(i -> i.manifestDigest().equals(reference)).findFirst()
                : Optional.ofNullable(tags.get(reference));
        if (image.isEmpty()) {
            error(exchange, 404, "MANIFEST_UNKNOWN", "manifest unknown");
            return;
        }
        send(exchange, 200, OciMediaTypes.MANIFEST, image.get().manifest(), image.get().manifestDigest());
    }

    private static void serveBlob(HttpExchange exchange, Map<String, OciImage> tags, String digest)
            throws IOException {
        for (OciImage image : tags.values()) {
            Optional<byte[]> blob = image.blob(digest);
            if (blob.isPresent()) {
                send(exchange, 200, "application/octet-stream", blob.get(), digest);
                return;
            }
        }
        error(exchange, 404, "BLOB_UNKNOWN", "blob unknown to registry");
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        String body = "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'")
                + "\",\"detail\":null}]}";
        send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8), null);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, String digest)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (digest != null) {
            exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
        }
        if (exchange.getRequestMethod().equals("HEAD")) {
            // A HEAD answer must still say how large the content is: containerd's resolver takes the descriptor
            // size from it. The JDK server only writes Content-Length for HEAD when we set it ourselves.
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
