package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chunked JSON watch stream as upstream serves it: bookmarks when allowed, and the end at timeoutSeconds. */
class WatchStreamIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.api.bookmark-interval=1s");

    @Test
    void watchSendsBookmarksWhenAllowedAndEndsAtItsTimeout() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10)).sslContext(AdminTls.context(SERVER.dataDir())).build();
        String base = SERVER.url() + "/api/v1/namespaces/default/configmaps";
        HttpResponse<String> list = client.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
        String rv = list.body().replaceAll("(?s).*\"resourceVersion\":\"(\\d+)\".*", "$1");
        client.send(HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"streamed\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());

        long start = System.nanoTime();
        HttpResponse<InputStream> watch = client.send(HttpRequest.newBuilder(URI.create(base
                + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=4&resourceVersion=" + rv)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) { // ends when the server closes the stream at the timeout
                lines.add(line);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(watch.statusCode()).isEqualTo(200);
        assertThat(watch.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/json"));
        assertThat(lines.get(0)).startsWith("{\"type\":\"ADDED\"").contains("\"name\":\"streamed\"");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("{\"type\":\"BOOKMARK\"").contains("\"resourceVersion\""));
        assertThat(seconds).as("the stream ended by itself at timeoutSeconds, not by a client timeout").isLessThan(30);
    }
}
