package dev.capstan.testkit.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes an image to a registry with the OCI distribution-spec push API over plain JDK HTTP: for each blob the
 * registry does not have ({@code HEAD /v2/<name>/blobs/<digest>}), {@code POST /v2/<name>/blobs/uploads/} then
 * {@code PUT <Location>?digest=<digest>} with the content (a monolithic upload); then
 * {@code PUT /v2/<name>/manifests/<tag>}. No authentication.
 */
public final class RegistryPushClient {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI registry;

    /** @param registry e.g. {@code http://127.0.0.1:5000} */
    public RegistryPushClient(URI registry) {
        this.registry = registry;
    }

    /**
     * Pushes the manifest whose descriptor in {@code layout}'s index carries {@code annotationKey=annotationValue},
     * with its config and layers, as {@code repository:tag}.
     *
     * @return the manifest digest
     */
    public String push(OciLayoutTarball layout, String annotationKey, String annotationValue, String repository,
            String tag) throws IOException, InterruptedException {
        JsonNode descriptor = layout.manifestDescriptor(annotationKey, annotationValue);
        String manifestDigest = descriptor.get("digest").asString();
        byte[] manifest = layout.blob(manifestDigest);
        JsonNode parsed = JSON.readTree(manifest);
        String configDigest = parsed.get("config").get("digest").asString();
        pushBlob(repository, configDigest, layout.blob(configDigest));
        for (JsonNode layer : parsed.get("layers")) {
            String digest = layer.get("digest").asString();
            pushBlob(repository, digest, layout.blob(digest));
        }
        return pushManifest(repository, tag, descriptor.get("mediaType").asString(), manifest);
    }

    /** Uploads one blob unless the repository already has it. */
    public void pushBlob(String repository, String digest, byte[] content) throws IOException, InterruptedException {
        if (!sha256(content).equals(digest)) {
            throw new IllegalArgumentException("content does not match " + digest);
        }
        HttpResponse<Void> exists = http.send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (exists.statusCode() == 200) {
            return;
        }
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        expect(started, 202, "start upload of " + digest);
        String location = started.headers().firstValue("Location")
                .orElseThrow(() -> new IOException("upload start without Location"));
        URI upload = registry.resolve(location);
        String separator = upload.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(upload + separator + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        HttpResponse<String> finished = http.send(HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        expect(finished, 201, "upload of " + digest);
    }

    /** Puts the manifest under {@code tag}; returns the digest the registry reports. */
    public String pushManifest(String repository, String tag, String mediaType, byte[] manifest)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(), HttpResponse.BodyHandlers.ofString());
        expect(response, 201, "manifest " + repository + ":" + tag);
        return response.headers().firstValue("Docker-Content-Digest").orElse(sha256(manifest));
    }

    /** The manifest digest the registry serves for {@code repository:reference} (a HEAD request). */
    public String manifestDigest(String repository, String reference, String accept)
            throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        uri("/v2/" + repository + "/manifests/" + reference))
                .header("Accept", accept)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IOException("HEAD manifest " + repository + ":" + reference + " -> " + response.statusCode());
        }
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private URI uri(String path) {
        return registry.resolve(path);
    }

    private static void expect(HttpResponse<String> response, int status, String what) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException(what + ": expected " + status + " but got " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** {@code sha256:<hex>}, the OCI digest of the bytes (checked against what the layout says). */
    static String sha256(byte[] content) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
