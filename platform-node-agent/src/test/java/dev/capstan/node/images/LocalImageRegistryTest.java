package dev.capstan.node.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalImageRegistryTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static OciImage shell;
    private static OciImage other;
    private static LocalImageRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        byte[] layer = new TarWriter(0).file("hello", 0644, "hello".getBytes()).finish();
        shell = new OciImageBuilder().layer(layer).cmd("sh").build("busybox", "latest");
        other = new OciImageBuilder().layer(layer).cmd("other").build("tools/other", "1.0");
        registry = LocalImageRegistry.start(0, List.of(shell, other));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void baseEndpointAnswersThatTheV2ApiIsSupported() throws Exception {
        HttpResponse<String> response = get("/v2/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
        assertThat(response.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
    }

    @Test
    void manifestByTagAndByDigestIsTheImageManifestWithItsDigestAndMediaType() throws Exception {
        for (String reference : List.of("latest", shell.manifestDigest())) {
            HttpResponse<byte[]> response = HTTP.send(request("/v2/busybox/manifests/" + reference).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(shell.manifest());
            assertThat(response.headers().firstValue("Content-Type")).hasValue(OciMediaTypes.MANIFEST);
            assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(shell.manifestDigest());
        }
    }

    @Test
    void headOfAManifestGivesItsSizeAndDigestWithoutABody() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(request("/v2/tools/other/manifests/1.0")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(other.manifest().length);
        assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(other.manifestDigest());
    }

    @Test
    void blobIsServedUnderARepositoryWhoseImageReferencesIt() throws Exception {
        for (var blob : shell.blobs().entrySet()) {
            HttpResponse<byte[]> response = HTTP.send(request("/v2/busybox/blobs/" + blob.getKey()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(blob.getValue());
            assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(blob.getKey());
        }
    }

    @Test
    void unknownThingsAreNotFoundWithTheDistributionErrorCode() throws Exception {
        String otherConfig = other.blobs().keySet().iterator().next();

        assertError(get("/v2/busybox/manifests/nope"), 404, "MANIFEST_UNKNOWN");
        assertError(get("/v2/busybox/manifests/" + other.manifestDigest()), 404, "MANIFEST_UNKNOWN");
        assertError(get("/v2/busybox/blobs/" + otherConfig), 404, "BLOB_UNKNOWN");
        assertError(get("/v2/nothing/manifests/latest"), 404, "NAME_UNKNOWN");
    }

    @Test
    void pushIsRefused() throws Exception {
        HttpResponse<String> response = HTTP.send(request("/v2/busybox/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertError(response, 405, "UNSUPPORTED");
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).startsWith("{\"errors\":[{\"code\":\"" + code + "\"");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(registry.endpoint() + path));
    }
}
