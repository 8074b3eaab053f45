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

/**
 * The chunked JSON watch stream as upstream serves it: bookmarks when allowed, the end at timeoutSeconds, and the
 * watch-list ({@code sendInitialEvents=true}) that client-go's reflectors start with: the state, a bookmark marked
 * {@code k8s.io/initial-events-end}, then the changes; upstream's 422 for options that do not go together.
 */
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

    @Test
    void aWatchListSendsTheStateThenAMarkedBookmarkThenTheChanges() throws Exception {
        HttpClient client = client();
        String base = SERVER.url() + "/api/v1/namespaces/default/configmaps";
        create(client, base, "listed-a");
        create(client, base, "listed-b");
        String rv = resourceVersionOf(client.send(HttpRequest.newBuilder(URI.create(base)).build(),
                HttpResponse.BodyHandlers.ofString()).body());

        // from the list's resourceVersion: still the whole state first (not the history after it), as upstream
        HttpResponse<InputStream> watch = client.send(HttpRequest.newBuilder(URI.create(base
                + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true"
                + "&labelSelector=watchlist%3Dyes&timeoutSeconds=3&resourceVersion=" + rv)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.contains("k8s.io/initial-events-end")) {
                    create(client, base, "listed-c"); // a change after the state: must follow the bookmark
                }
            }
        }

        assertThat(watch.statusCode()).isEqualTo(200);
        List<String> events = lines.stream().filter(l -> !l.contains("\"BOOKMARK\"") || l.contains("initial-events-end")).toList();
        assertThat(events).hasSize(4);
        assertThat(events.get(0)).startsWith("{\"type\":\"ADDED\"").contains("\"name\":\"listed-a\"");
        assertThat(events.get(1)).startsWith("{\"type\":\"ADDED\"").contains("\"name\":\"listed-b\"");
        assertThat(events.get(2)).startsWith("{\"type\":\"BOOKMARK\"")
                .contains("\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}")
                .contains("\"kind\":\"ConfigMap\"");
        assertThat(Long.parseLong(resourceVersionOf(events.get(2)))).isGreaterThanOrEqualTo(Long.parseLong(rv));
        assertThat(events.get(3)).startsWith("{\"type\":\"ADDED\"").contains("\"name\":\"listed-c\"");
    }

    @Test
    void watchListOptionsThatDoNotGoTogetherAreInvalid() throws Exception {
        HttpClient client = client();
        String base = SERVER.url() + "/api/v1/namespaces/default/configmaps";
        assertInvalid(client, base + "?watch=true&sendInitialEvents=true&allowWatchBookmarks=true",
                "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
        assertInvalid(client, base + "?watch=true&resourceVersionMatch=NotOlderThan&resourceVersion=1",
                "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
        assertInvalid(client, base + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan",
                "allowWatchBookmarks: Forbidden: allowWatchBookmarks must be set to true when sendInitialEvents is true");
        assertInvalid(client, base + "?sendInitialEvents=true", "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list");
    }

    private static void assertInvalid(HttpClient client, String url, String message) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("\"reason\":\"Invalid\"")
                .contains("ListOptions.meta.k8s.io \\\"\\\" is invalid: " + message);
    }

    private static HttpClient client() throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10))
                .sslContext(AdminTls.context(SERVER.dataDir())).build();
    }

    private static void create(HttpClient client, String base, String name) throws Exception {
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"watchlist\":\"yes\"}}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
    }

    private static String resourceVersionOf(String json) {
        return json.replaceAll("(?s).*?\"resourceVersion\":\"(\\d+)\".*", "$1");
    }
}
