package dev.capstan.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.node.cri.v1.ContainerConfig;
import dev.capstan.node.cri.v1.ContainerMetadata;
import dev.capstan.node.cri.v1.ContainerState;
import dev.capstan.node.cri.v1.ContainerStatusRequest;
import dev.capstan.node.cri.v1.CreateContainerRequest;
import dev.capstan.node.cri.v1.ImageSpec;
import dev.capstan.node.cri.v1.PodSandboxConfig;
import dev.capstan.node.cri.v1.PodSandboxMetadata;
import dev.capstan.node.cri.v1.RemovePodSandboxRequest;
import dev.capstan.node.cri.v1.RunPodSandboxRequest;
import dev.capstan.node.cri.v1.StartContainerRequest;
import dev.capstan.node.cri.v1.StopPodSandboxRequest;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * The kubelet's streaming endpoints against a real containerd: a pod "web" in "default" whose container "app"
 * has a first, exited attempt and a running second one, and a container "counter" that writes for a while.
 */
class KubeletServerIT {

    private static ContainerdFixture containerd;
    private static KubeletServer server;
    private static String sandboxId;
    private static String base;
    private static HttpClient client;
    private static final Map<String, Integer> closeCodes = new ConcurrentHashMap<>();

    @BeforeAll
    static void startPod() throws Exception {
        containerd = ContainerdFixture.start();
        var logDir = Files.createDirectories(containerd.dir.resolve("pods/web"));
        PodSandboxConfig sandbox = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("web").setNamespace("default").setUid("uid-web"))
                .setHostname("web")
                .setLogDirectory(logDir.toString())
                .putLabels("io.kubernetes.pod.name", "web")
                .putLabels("io.kubernetes.pod.namespace", "default")
                .putLabels("io.kubernetes.pod.uid", "uid-web")
                .build();
        sandboxId = containerd.runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(sandbox).build())
                .getPodSandboxId();
        String first = startContainer(sandbox, "app", 0, "echo first attempt; exit 3");
        await(first, ContainerState.CONTAINER_EXITED);
        startContainer(sandbox, "app", 1,
                "for i in 1 2 3 4 5; do echo line $i; done; exec nc -ll -p 8080 -e echo hi");
        startContainer(sandbox, "counter", 0, "echo a; sleep 1; echo b; sleep 1; echo c");

        server = new KubeletServer(containerd.runtime, new LabelledPodContainers(containerd.runtime),
                SelfSignedCertificate.generate("test-node", List.of("localhost"),
                        List.of(InetAddress.getLoopbackAddress())))
                .agentMetrics(() -> "# TYPE kubelet_running_pods gauge\nkubelet_running_pods 1\n");
        int port = server.start("127.0.0.1", 0);
        base = "https://127.0.0.1:" + port;
        var ssl = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        client = HttpClient.create().secure(spec -> spec.sslContext(ssl));
    }

    private static String startContainer(PodSandboxConfig sandbox, String name, int attempt, String script) {
        return startContainer(sandboxId, sandbox, name, attempt, script);
    }

    private static String startContainer(String sandboxId, PodSandboxConfig sandbox, String name, int attempt,
                                         String script) {
        String podName = sandbox.getMetadata().getName();
        String namespace = sandbox.getMetadata().getNamespace();
        String uid = sandbox.getMetadata().getUid();
        ContainerConfig config = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name).setAttempt(attempt))
                .setImage(ImageSpec.newBuilder().setImage(BusyboxImages.BUSYBOX))
                .addCommand("sh").addArgs("-c").addArgs(script)
                .setLogPath(name + "/" + attempt + ".log")
                .putLabels("io.kubernetes.pod.name", podName)
                .putLabels("io.kubernetes.pod.namespace", namespace)
                .putLabels("io.kubernetes.pod.uid", uid)
                .putLabels("io.kubernetes.container.name", name)
                .putAnnotations("io.kubernetes.container.restartCount", Integer.toString(attempt))
                .build();
        String id = containerd.runtime.createContainer(CreateContainerRequest.newBuilder()
                .setPodSandboxId(sandboxId).setConfig(config).setSandboxConfig(sandbox).build()).getContainerId();
        containerd.runtime.startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    private static void await(String id, ContainerState state) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (containerd.runtime.containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build())
                    .getStatus().getState() == state) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("container " + id + " never reached " + state);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (sandboxId != null) {
            containerd.runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build());
            containerd.runtime.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build());
        }
        if (containerd != null) {
            containerd.close();
        }
    }

    private static Response get(String path) {
        return client.get().uri(base + path)
                .responseSingle((res, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Response(res.status().code(), text)))
                .block(Duration.ofSeconds(30));
    }

    record Response(int status, String body) {
    }

    private static String logsOfApp(String query) throws InterruptedException {
        // the second attempt writes its five lines right after starting
        for (int i = 0; i < 100; i++) {
            Response r = get("/containerLogs/default/web/app?" + query);
            if (r.status() == 200 && get("/containerLogs/default/web/app").body().contains("line 5")) {
                return r.body();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the container never logged its lines");
    }

    @Test
    void aServerWithAClientCaServesOnlyCallersWithACertificateItSigned() throws Exception {
        SelfSignedCertificate apiServer = SelfSignedCertificate.generate("kube-apiserver-kubelet-client",
                List.of(), List.of());
        try (KubeletServer guarded = new KubeletServer(containerd.runtime,
                new LabelledPodContainers(containerd.runtime), SelfSignedCertificate.generate("test-node",
                List.of(), List.of(InetAddress.getLoopbackAddress())), apiServer.certificate())) {
            String url = "https://127.0.0.1:" + guarded.start("127.0.0.1", 0) + "/healthz";
            var withCertificate = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .keyManager(apiServer.key(), apiServer.certificate()).build();
            assertThat(HttpClient.create().secure(spec -> spec.sslContext(withCertificate)).get().uri(url)
                    .responseContent().aggregate().asString().block(Duration.ofSeconds(30))).isEqualTo("ok");
            assertThatThrownBy(() -> client.get().uri(url).responseContent().aggregate().asString()
                    .block(Duration.ofSeconds(30))).isNotNull();
        }
    }

    @Test
    void logsAreTheContainersLines() throws Exception {
        assertThat(logsOfApp("")).isEqualTo("line 1\nline 2\nline 3\nline 4\nline 5\n");
    }

    @Test
    void tailLinesKeepsTheLastLines() throws Exception {
        assertThat(logsOfApp("tailLines=2")).isEqualTo("line 4\nline 5\n");
    }

    @Test
    void limitBytesCutsTheStream() throws Exception {
        assertThat(logsOfApp("limitBytes=9")).isEqualTo("line 1\nli");
    }

    @Test
    void timestampsPrefixEachLine() throws Exception {
        assertThat(logsOfApp("timestamps=true&tailLines=1"))
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z line 5\n");
    }

    @Test
    void previousIsTheAttemptBefore() {
        assertThat(get("/containerLogs/default/web/app?previous=true").body()).isEqualTo("first attempt\n");
    }

    @Test
    void followStreamsUntilTheContainerExits() {
        assertThat(get("/containerLogs/default/web/counter?follow=true").body()).isEqualTo("a\nb\nc\n");
    }

    @Test
    void logsOfAnUnknownContainerAreABadRequest() {
        assertThat(get("/containerLogs/default/web/nope"))
                .isEqualTo(new Response(400, "container \"nope\" in pod \"web\" is not available"));
    }

    @Test
    void previousLogsOfAContainerThatNeverRestartedAreABadRequest() {
        assertThat(get("/containerLogs/default/web/counter?previous=true"))
                .isEqualTo(new Response(400, "previous terminated container \"counter\" in pod \"web\" not found"));
    }

    /** Runs a v5.channel.k8s.io session: sends the stdin messages, returns the payloads per channel. */
    private static Map<Integer, String> exec(String query, List<byte[]> messages) {
        Map<Integer, ByteArrayOutputStream> channels = new ConcurrentHashMap<>();
        client.websocket(WebsocketClientSpec.builder().protocols(StreamProtocols.V5).build())
                .uri(base.replace("https", "wss") + "/exec/default/web/app?" + query)
                .handle((in, out) -> {
                    assertThat(in.headers().get("Sec-WebSocket-Protocol")).isEqualTo(StreamProtocols.V5);
                    Mono<Void> send = out.sendObject(Flux.fromIterable(messages).map(bytes ->
                            new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)))).then();
                    in.receiveCloseStatus().subscribe(status -> closeCodes.put(query, status.code()));
                    return send.thenMany(in.receive().asByteArray().doOnNext(bytes -> channels
                            .computeIfAbsent((int) bytes[0], c -> new ByteArrayOutputStream())
                            .write(bytes, 1, bytes.length - 1)));
                })
                .blockLast(Duration.ofSeconds(30));
        // kubectl counts any close but 1000 (normal closure) as a failed session
        assertThat(closeCodes.get(query)).isEqualTo(1000);
        Map<Integer, String> text = new ConcurrentHashMap<>();
        channels.forEach((c, bytes) -> text.put(c, bytes.toString(StandardCharsets.UTF_8)));
        return text;
    }

    /** v5's CLOSE signal for stream 0: stdin has ended. */
    private static final byte[] CLOSE_STDIN = {(byte) 255, 0};

    private static byte[] stdin(String text) {
        return message(0, text);
    }

    private static byte[] message(int channel, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 1];
        out[0] = (byte) channel;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    @Test
    void execRunsTheCommandAndReportsSuccess() {
        Map<Integer, String> channels = exec("command=cat&command=/etc/hostname&output=1&error=1", List.of());
        assertThat(channels).containsEntry(1, "web\n");
        assertThat(channels.get(3)).contains("\"status\":\"Success\"");
    }

    @Test
    void execReportsTheExitCodeOnTheErrorChannel() {
        Map<Integer, String> channels = exec("command=sh&command=-c&command=exit+7&output=1&error=1", List.of());
        assertThat(channels.get(3)).contains("\"reason\":\"NonZeroExitCode\"")
                .contains("\"reason\":\"ExitCode\",\"message\":\"7\"");
    }

    @Test
    void execPassesStdinToTheCommand() {
        Map<Integer, String> channels = exec("command=head&command=-c&command=5&input=1&output=1&error=1",
                List.of(stdin("hel"), stdin("lo world")));
        assertThat(channels.get(1)).isEqualTo("hello");
    }

    @Test
    void execSeesTheEndOfStdinWhenTheClientClosesIt() {
        // v5's CLOSE signal for stdin (255, 0): cat ends only if the command reads end of file
        Map<Integer, String> channels = exec("command=cat&input=1&output=1&error=1",
                List.of(stdin("piped "), stdin("input"), CLOSE_STDIN));
        assertThat(channels).containsEntry(1, "piped input");
        assertThat(channels.get(3)).contains("\"status\":\"Success\"");
    }

    @Test
    void portForwardOverTheV4WebSocketProtocolReachesThePort() {
        List<byte[]> data = new ArrayList<>();
        client.websocket(WebsocketClientSpec.builder().protocols(StreamProtocols.V4).build())
                .uri(base.replace("https", "wss") + "/portForward/default/web?port=8080")
                .handle((in, out) -> in.receive().asByteArray()
                        .filter(bytes -> bytes[0] == 0)
                        // the first message on each channel is the port, little-endian
                        .skip(1)
                        .doOnNext(data::add)
                        .take(1))
                .blockLast(Duration.ofSeconds(30));
        assertThat(new String(data.get(0), 1, data.get(0).length - 1, StandardCharsets.UTF_8)).isEqualTo("hi\n");
    }

    /** Runs a pod "burn" in "metrics" whose container "spin" keeps a CPU busy; removes the pod afterwards. */
    private static void withSpinningPod(Runnable test) throws Exception {
        var logDir = Files.createDirectories(containerd.dir.resolve("pods/burn"));
        PodSandboxConfig sandbox = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName("burn").setNamespace("metrics").setUid("uid-burn"))
                .setHostname("burn")
                .setLogDirectory(logDir.toString())
                .putLabels("io.kubernetes.pod.name", "burn")
                .putLabels("io.kubernetes.pod.namespace", "metrics")
                .putLabels("io.kubernetes.pod.uid", "uid-burn")
                .build();
        String id = containerd.runtime.runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(sandbox).build())
                .getPodSandboxId();
        try {
            await(startContainer(id, sandbox, "spin", 0, "while :; do :; done"), ContainerState.CONTAINER_RUNNING);
            test.run();
        } finally {
            containerd.runtime.stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
            containerd.runtime.removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        }
    }

    /** The value of the first sample of that family whose labels include all of {@code labels}. */
    private static Optional<Double> sample(String exposition, String family, String labels) {
        Matcher m = Pattern.compile("(?m)^" + family + "\\{([^}]*)} (\\S+)( \\d+)?$").matcher(exposition);
        while (m.find()) {
            List<String> have = List.of(m.group(1).split(","));
            if (have.containsAll(List.of(labels.split(",")))) {
                return Optional.of(Double.parseDouble(m.group(2)));
            }
        }
        return Optional.empty();
    }

    private static double growing(String path, String family, String labels) {
        double first = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> sample(get(path).body(), family, labels), Optional::isPresent).get();
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> sample(get(path).body(), family, labels).orElse(0.0), v -> v > first);
    }

    @Test
    void cadvisorMetricsShowASpinningContainersGrowingCpuAndItsWorkingSet() throws Exception {
        withSpinningPod(() -> {
            String spin = "container=\"spin\",namespace=\"metrics\",pod=\"burn\"";
            assertThat(growing("/metrics/cadvisor", "container_cpu_usage_seconds_total", spin + ",cpu=\"total\""))
                    .isPositive();
            Response r = get("/metrics/cadvisor");
            assertThat(r.body()).contains("# TYPE container_cpu_usage_seconds_total counter\n")
                    .contains("# HELP container_memory_working_set_bytes Current working set in bytes.\n")
                    .containsPattern("container_cpu_usage_seconds_total\\{container=\"spin\",cpu=\"total\",id=\"/"
                            + "[^\"]+\",image=\"[^\"]*busybox[^\"]*\",name=\"[0-9a-f]{64}\",namespace=\"metrics\","
                            + "pod=\"burn\"} [0-9.]+ \\d{13}\n");
            assertThat(sample(r.body(), "container_memory_working_set_bytes", spin)).hasValueSatisfying(
                    v -> assertThat(v).isPositive());
            assertThat(sample(r.body(), "container_memory_usage_bytes", spin)).hasValueSatisfying(
                    v -> assertThat(v).isPositive());
            assertThat(sample(r.body(), "container_start_time_seconds", spin)).hasValueSatisfying(
                    v -> assertThat(v).isPositive());
            assertThat(sample(r.body(), "container_last_seen", "container=\"POD\",namespace=\"metrics\",pod=\"burn\""))
                    .isPresent();
            assertThat(r.body()).contains("\ncontainer_scrape_error 0\n");
        });
    }

    @Test
    void resourceMetricsShowASpinningContainersGrowingCpuAndItsPodsUsage() throws Exception {
        withSpinningPod(() -> {
            String spin = "container=\"spin\",namespace=\"metrics\",pod=\"burn\"";
            assertThat(growing("/metrics/resource", "container_cpu_usage_seconds_total", spin)).isPositive();
            String body = get("/metrics/resource").body();
            assertThat(sample(body, "container_memory_working_set_bytes", spin)).hasValueSatisfying(
                    v -> assertThat(v).isPositive());
            assertThat(sample(body, "pod_cpu_usage_seconds_total", "namespace=\"metrics\",pod=\"burn\""))
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
            assertThat(sample(body, "pod_memory_working_set_bytes", "namespace=\"metrics\",pod=\"burn\""))
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
            // the sandbox counts for the pod, not as a container of its own (as in upstream's summary API)
            assertThat(body).doesNotContain("container=\"POD\"")
                    .containsPattern("(?m)^node_cpu_usage_seconds_total [0-9.]+ \\d{13}$")
                    .containsPattern("(?m)^node_memory_working_set_bytes [0-9]+ \\d{13}$")
                    .contains("\nscrape_error 0\n");
        });
    }

    @Test
    void metricsServesTheAgentsOwnMetersAsPrometheusText() {
        Response r = get("/metrics");
        assertThat(r).isEqualTo(new Response(200, "# TYPE kubelet_running_pods gauge\nkubelet_running_pods 1\n"));
    }
}
