package dev.capstan.testkit.prometheus;

import dev.capstan.testkit.LocalServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server ({@code /usr/bin/prometheus}, Debian's package) on a free loopback port, with its
 * configuration and TSDB in a directory the test owns. {@link #start} returns once {@code /-/ready} answers 200
 * (the configuration, rule files included, loaded); {@link #close} stops the process. Queries go through its
 * HTTP API as a dashboard's would.
 */
public final class PrometheusProcess implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusProcess(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    public static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    /** Starts Prometheus with {@code config} (prometheus.yml text; relative paths in it resolve against {@code dir}). */
    public static PrometheusProcess start(Path dir, String config) throws IOException, InterruptedException {
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        int port = LocalServerProcess.freePort();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(BINARY.toString(),
                "--config.file=" + file,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusProcess prometheus = new PrometheusProcess(process, URI.create("http://127.0.0.1:" + port), log);
        LocalServerProcess.awaitReady(process, prometheus.endpoint.resolve("/-/ready"), log, Duration.ofSeconds(30));
        return prometheus;
    }

    /**
     * {@code promtool check rules FILE}: throws with promtool's words when the rules file does not parse or a
     * rule's expression is not valid PromQL.
     */
    public static String checkRules(Path rules) throws IOException, InterruptedException {
        Process check = new ProcessBuilder(PROMTOOL.toString(), "check", "rules", rules.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (check.waitFor() != 0) {
            throw new IllegalArgumentException("promtool check rules " + rules + " failed:\n" + output);
        }
        return output;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** An instant query's series: each one's labels and value. Throws when Prometheus answers with an error. */
    public List<Sample> query(String promql) throws IOException, InterruptedException {
        JsonNode data = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        List<Sample> samples = new ArrayList<>();
        for (JsonNode series : data.path("result")) {
            samples.add(new Sample(JSON.convertValue(series.path("metric"), Map.class), series.path("value").path(1).asString()));
        }
        return samples;
    }

    /** The {@code data} of {@code GET path} on the HTTP API, e.g. {@code /api/v1/targets}, for assertions and diagnostics. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asString())) {
            throw new IOException("Prometheus answered " + response.statusCode() + " to " + path + ": " + response.body());
        }
        return body.path("data");
    }

    /** What Prometheus logged (warnings and errors), for a failing test's message. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        LocalServerProcess.stop(process);
    }

    /** One series of a query result. */
    public record Sample(Map<String, String> labels, String value) {
    }
}
