package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.capstan.testkit.etcd.EtcdProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The server on a real etcd: objects are stored in etcd, and while etcd is down the API answers 503
 * ServiceUnavailable quickly (never hangs) and /readyz fails; when etcd is back, so is the API, with every
 * acknowledged object.
 */
class EtcdBackendIT {

    @Test
    void storeOutageIsServiceUnavailableAndTheApiRecovers() throws Exception {
        try (EtcdProcess etcd = EtcdProcess.startNew()) {
            RunningServer server = new RunningServer("--capstan.store.etcd-servers=" + etcd.clientUrl());
            server.beforeAll(null);
            try {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10)).sslContext(AdminTls.context(server.dataDir())).build();
                String configMaps = server.url() + "/api/v1/namespaces/default/configmaps";
                HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(configMaps))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"in-etcd\"}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).isEqualTo(201);

                etcd.stop();

                HttpResponse<String> down = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> client.send(
                        HttpRequest.newBuilder(URI.create(configMaps + "/in-etcd")).build(), HttpResponse.BodyHandlers.ofString()));
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("\"reason\":\"ServiceUnavailable\"");
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(server.url() + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(503);

                etcd.start();

                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    HttpResponse<String> back = client.send(HttpRequest.newBuilder(URI.create(configMaps + "/in-etcd")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(back.statusCode()).isEqualTo(200);
                    assertThat(back.body()).contains("\"name\":\"in-etcd\"");
                });
            } finally {
                server.afterAll(null);
            }
        }
    }
}
