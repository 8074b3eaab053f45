package dev.capstan.scheduling.plugins.defaultbinder;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks the request the binder sends, against a bare HTTP server standing in for the API server. */
class DefaultBinderTest {

    private HttpServer server;
    private KubernetesClient client;
    private final AtomicReference<String> requestLine = new AtomicReference<>();
    private final AtomicReference<String> requestBody = new AtomicReference<>();
    private volatile int responseCode = 201;
    private volatile String responseBody = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\",\"code\":201}";

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requestLine.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            requestBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = responseBody.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(responseCode, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort()).withRequestRetryBackoffLimit(0)
                .build()).build();
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.stop(0);
    }

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("web-1").withNamespace("shop").withUid("uid-1").endMetadata()
                .build();
    }

    @Test
    void postsABindingToThePodsBindingSubresource() {
        Status status = new DefaultBinder(client).bind(new CycleState(), pod(), "node-7");

        assertThat(status.isSuccess()).isTrue();
        assertThat(requestLine.get()).isEqualTo("POST /api/v1/namespaces/shop/pods/web-1/binding");
        assertThat(requestBody.get()).contains("\"kind\":\"Binding\"", "\"uid\":\"uid-1\"", "\"name\":\"node-7\"",
                "\"kind\":\"Node\"");
    }

    @Test
    void aRefusedBindingIsAnErrorWithTheServersMessage() {
        responseCode = 409;
        responseBody = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":409,"
                + "\"reason\":\"Conflict\",\"message\":\"pod web-1 is already assigned to node \\\"node-1\\\"\"}";

        Status status = new DefaultBinder(client).bind(new CycleState(), pod(), "node-7");

        assertThat(status.code()).isEqualTo(Status.Code.ERROR);
        assertThat(status.message()).isEqualTo("pod web-1 is already assigned to node \"node-1\"");
    }
}
