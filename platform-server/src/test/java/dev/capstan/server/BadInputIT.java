package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.store.Storage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Malformed and hostile requests: each gets the exact upstream code and reason in a Status object, and the
 * store's revision does not move (nothing was written).
 */
class BadInputIT {

    @org.junit.jupiter.api.extension.RegisterExtension
    // no scheduler or controllers: their Lease renewals would move the store revision this test watches
    static final RunningServer SERVER = new RunningServer("--capstan.scheduler.enabled=false",
            "--capstan.controllers.enabled=false");

    static KubernetesClient client;
    static String staleVersion;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bad").endMetadata().build()).create();
        ConfigMap cm = client.configMaps().inNamespace("bad").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("existing").endMetadata().addToData("a", "1").build()).create();
        staleVersion = cm.getMetadata().getResourceVersion();
        client.configMaps().inNamespace("bad").withName("existing").edit(c -> new ConfigMapBuilder(c).addToData("a", "2").build());
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata().build()).create();
        client.namespaces().withName("doomed").delete();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    static Stream<Arguments> badRequests() {
        String cms = "/api/v1/namespaces/bad/configmaps";
        String deep = "{\"metadata\":{\"name\":\"deep\"},\"data\":{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}}";
        String huge = "{\"metadata\":{\"name\":\"huge\"},\"data\":{\"a\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}}";
        return Stream.of(
                Arguments.of("malformed JSON", "POST", cms, "application/json", "{\"metadata\": {\"name\": ", 400, "BadRequest"),
                Arguments.of("not an object", "POST", cms, "application/json", "[1,2,3]", 400, "BadRequest"),
                Arguments.of("wrong kind for the URL", "POST", cms, "application/json",
                        "{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"svc\"}}", 400, "BadRequest"),
                Arguments.of("name with a slash", "POST", cms, "application/json",
                        "{\"metadata\":{\"name\":\"a/b\"}}", 422, "Invalid"),
                Arguments.of("name '..'", "POST", cms, "application/json", "{\"metadata\":{\"name\":\"..\"}}", 422, "Invalid"),
                Arguments.of("upper-case name", "POST", cms, "application/json", "{\"metadata\":{\"name\":\"Upper\"}}", 422, "Invalid"),
                Arguments.of("missing name", "POST", cms, "application/json", "{\"data\":{\"a\":\"b\"}}", 422, "Invalid"),
                Arguments.of("bad label value", "POST", cms, "application/json",
                        "{\"metadata\":{\"name\":\"lbl\",\"labels\":{\"k\":\"has spaces\"}}}", 422, "Invalid"),
                Arguments.of("10 MiB body", "POST", cms, "application/json", huge, 413, "RequestEntityTooLarge"),
                Arguments.of("deep nesting", "POST", cms, "application/json", deep, 400, "BadRequest"),
                Arguments.of("unknown field under Strict", "POST", cms + "?fieldValidation=Strict", "application/json",
                        "{\"metadata\":{\"name\":\"strict\"},\"bogus\":{\"x\":1}}", 400, "BadRequest"),
                Arguments.of("wrong field type", "POST", cms, "application/json",
                        "{\"metadata\":{\"name\":\"typed\"},\"data\":[1]}", 400, "BadRequest"),
                Arguments.of("stale resourceVersion", "PUT", cms + "/existing", "application/json",
                        "{\"metadata\":{\"name\":\"existing\",\"resourceVersion\":\"STALE\"},\"data\":{\"a\":\"3\"}}", 409, "Conflict"),
                Arguments.of("URL and body names differ", "PUT", cms + "/existing", "application/json",
                        "{\"metadata\":{\"name\":\"other\"},\"data\":{\"a\":\"3\"}}", 400, "BadRequest"),
                Arguments.of("wrong content type", "POST", cms, "text/plain", "hello", 415, "UnsupportedMediaType"),
                Arguments.of("unknown patch type", "PATCH", cms + "/existing", "application/xml", "<a/>", 415, "UnsupportedMediaType"),
                Arguments.of("malformed JSON patch", "PATCH", cms + "/existing", "application/json-patch+json",
                        "{\"op\":\"add\"}", 400, "BadRequest"),
                Arguments.of("missing namespace", "POST", "/api/v1/namespaces/nope/configmaps", "application/json",
                        "{\"metadata\":{\"name\":\"x\"}}", 404, "NotFound"),
                Arguments.of("terminating namespace", "POST", "/api/v1/namespaces/doomed/configmaps", "application/json",
                        "{\"metadata\":{\"name\":\"x\"}}", 403, "Forbidden"),
                Arguments.of("already exists", "POST", cms, "application/json",
                        "{\"metadata\":{\"name\":\"existing\"}}", 409, "AlreadyExists"),
                Arguments.of("bad label selector", "GET", cms + "?labelSelector=a%20in%20(", null, null, 400, "BadRequest"),
                Arguments.of("unsupported field selector", "GET", cms + "?fieldSelector=spec.nodeName%3Dx", null, null, 400, "BadRequest"),
                Arguments.of("unknown resource", "GET", "/api/v1/namespaces/bad/widgets", null, null, 404, "NotFound"),
                Arguments.of("missing object", "GET", cms + "/ghost", null, null, 404, "NotFound"),
                Arguments.of("bad dryRun value", "POST", cms + "?dryRun=Maybe", "application/json",
                        "{\"metadata\":{\"name\":\"dry\"}}", 400, "BadRequest"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestGetsTheUpstreamStatusAndWritesNothing(String what, String method, String path, String contentType,
            String body, int code, String reason) throws Exception {
        Storage storage = SERVER.bean(Storage.class);
        long before = storage.currentRevision();
        String resolved = path.replace("STALE", staleVersion);
        String resolvedBody = body == null ? null : body.replace("STALE", staleVersion);

        HttpRequest.Builder request = client.getHttpClient().newHttpRequestBuilder().uri(SERVER.url() + resolved);
        if (resolvedBody != null) {
            request.method(method, contentType, resolvedBody);
        }
        HttpResponse<byte[]> response = client.getHttpClient().sendAsync(request.build(), byte[].class)
                .get(60, TimeUnit.SECONDS);

        JsonNode status = JsonMapper.builder().build().readTree(new String(response.body(), StandardCharsets.UTF_8));
        assertThat(response.code()).as(what + ": " + status).isEqualTo(code);
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("status").asString()).isEqualTo("Failure");
        assertThat(status.path("reason").asString()).isEqualTo(reason);
        assertThat(status.path("code").asInt()).isEqualTo(code);
        assertThat(storage.currentRevision()).as("nothing written").isEqualTo(before);
    }
}
