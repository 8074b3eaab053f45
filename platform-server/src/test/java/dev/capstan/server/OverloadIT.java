package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
        // the JDK client opens one HTTP/1.1 connection per concurrent request: the burst is concurrent at the server
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10))
                .sslContext(AdminTls.context(SERVER.dataDir())).build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(SERVER.url() + "/api/v1/namespaces/default/configmaps"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"burst-" + i + "\"}}"))
                    .build();
            responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        int created = 0;
        int throttled = 0;
        for (CompletableFuture<HttpResponse<String>> future : responses) {
            HttpResponse<String> response = future.get(60, TimeUnit.SECONDS);
            if (response.statusCode() == 201) {
                created++;
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
                assertThat(response.headers().firstValue("Retry-After")).contains("1");
                assertThat(response.body()).contains("\"reason\":\"TooManyRequests\"", "\"code\":429");
                throttled++;
            }
        }
        assertThat(throttled).as("some requests were over the limit").isPositive();
        assertThat(created).isPositive();
        HttpResponse<String> list = client.send(HttpRequest.newBuilder(
                URI.create(SERVER.url() + "/api/v1/namespaces/default/configmaps")).build(), HttpResponse.BodyHandlers.ofString());
        // reads have their own limit; everything acknowledged is stored, nothing refused is
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body().split("\"uid\"").length - 1).isEqualTo(created);
    }
}
