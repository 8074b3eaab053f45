package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Past the in-flight limit a request is answered 429 with Retry-After at once (never queued), and what was
 * accepted is stored: with one mutating slot, a burst of concurrent creates gets some 429s and the rest land.
 */
class OverloadIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.api.max-mutating-requests-inflight=1");

    @Test
    void burstPastTheMutatingLimitGetsTooManyRequestsWithRetryAfter() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build()) {
            List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
                        .uri(SERVER.url() + "/api/v1/namespaces/default/configmaps")
                        .post("application/json", ("{\"metadata\":{\"name\":\"burst-" + i + "\"}}").getBytes(StandardCharsets.UTF_8))
                        .build();
                responses.add(client.getHttpClient().sendAsync(request, byte[].class));
            }
            int created = 0;
            int throttled = 0;
            for (CompletableFuture<HttpResponse<byte[]>> future : responses) {
                HttpResponse<byte[]> response = future.get(60, TimeUnit.SECONDS);
                if (response.code() == 201) {
                    created++;
                } else {
                    assertThat(response.code()).isEqualTo(429);
                    assertThat(response.header("Retry-After")).isEqualTo("1");
                    assertThat(new String(response.body(), StandardCharsets.UTF_8))
                            .contains("\"reason\":\"TooManyRequests\"", "\"code\":429");
                    throttled++;
                }
            }
            assertThat(throttled).as("some requests were over the limit").isPositive();
            assertThat(created).isPositive();
            assertThat(client.configMaps().inNamespace("default").list().getItems()).hasSize(created);
            // reads have their own limit and are not affected by the mutating one
            assertThat(client.namespaces().list().getItems()).isNotEmpty();
        }
    }
}
