package dev.capstan.server.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same workload against one server: creates, gets, lists of {@code listSize} pods, then watch fan-out; each
 * phase after a short untimed warm-up of the same requests.
 */
final class Workload {

    /** Measures one phase; the CPU of server and harness is sampled around it. */
    @FunctionalInterface
    private interface Phase {
        ClosedLoop.Measured run() throws Exception;
    }

    /** A step that may fail as a whole (setup, a watch run). */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String server;
    private final Api api;
    private final long serverPid;
    private final Settings settings;
    private final boolean httpStreamWatch;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** {@code serverPid} is -1 when the server runs inside this JVM. */
    Workload(String server, Api api, long serverPid, Settings settings, boolean httpStreamWatch) {
        this.server = server;
        this.api = api;
        this.serverPid = serverPid;
        this.settings = settings;
        this.httpStreamWatch = httpStreamWatch;
    }

    List<Row> rows() {
        return rows;
    }

    /** Observations worth printing under the table (watch open times, write rates, first errors). */
    List<String> notes() {
        return notes;
    }

    void run() throws Exception {
        int n = settings.namespaces();
        List<String> namespaces = new ArrayList<>(List.of("warmup", "list", "watch", "watch-stream"));
        for (int i = 0; i < n; i++) {
            namespaces.add("bench-" + i);
        }
        for (String ns : namespaces) {
            api.post(0, "/api/v1/namespaces",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}");
        }
        int clients = settings.clients();
        Duration warmup = settings.warmup();

        progress("warm-up");
        ClosedLoop.run(clients, Long.MAX_VALUE, warmup, (w, i) -> createPod(w, "warmup", "w-" + i));
        ClosedLoop.run(clients, Long.MAX_VALUE, warmup, (w, i) -> api.get(w, podPath("warmup", "w-" + (i % 500))));

        progress("creates");
        ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
        attempt("create pod", () -> phase("create pod", () -> ClosedLoop.run(clients, settings.creates(),
                settings.createTime(), (w, i) -> {
                    String path = podPath("bench-" + (i % n), "p-" + i);
                    createPod(w, "bench-" + (i % n), "p-" + i);
                    created.add(path);
                })));

        progress("gets");
        String[] paths = created.toArray(String[]::new);
        if (paths.length > 0) {
            attempt("get pod", () -> phase("get pod", () -> ClosedLoop.run(clients, settings.gets(),
                    settings.getTime(), (w, i) -> api.get(w, paths[(int) ((i * 7919) % paths.length)]))));
        }

        progress("lists");
        attempt("list", this::lists);

        progress("watch fan-out (WebSocket)");
        attempt("watch over WebSocket", () -> watch("watch", WatchFanOut.Transport.WEBSOCKET));
        if (httpStreamWatch) {
            progress("watch fan-out (HTTP stream)");
            attempt("watch over HTTP stream", () -> watch("watch-stream", WatchFanOut.Transport.HTTP_STREAM));
        }
    }

    private void lists() throws Exception {
        int clients = settings.clients();
        int listSize = settings.listSize();
        ClosedLoop.Measured fill = ClosedLoop.run(clients, listSize, Duration.ofMinutes(5),
                (w, i) -> createPod(w, "list", "l-" + i));
        JsonNode list = JSON.readTree(api.getString("/api/v1/namespaces/list/pods"));
        int items = list.path("items").size();
        if (fill.errors() > 0 || items != listSize) {
            notes.add(server + ": the list namespace has " + items + " pods, not " + listSize + " ("
                    + fill.errors() + " failed creates: " + fill.firstError() + ")");
        }
        ClosedLoop.run(clients, Long.MAX_VALUE, settings.warmup().dividedBy(2),
                (w, i) -> api.get(w, "/api/v1/namespaces/list/pods"));
        phase("list " + items + " pods", () -> ClosedLoop.run(clients, settings.lists(), settings.listTime(),
                (w, i) -> api.get(w, "/api/v1/namespaces/list/pods")));
    }

    /** Runs a step; a failure is noted (and its stack trace printed) and the workload goes on with the next. */
    private void attempt(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            notes.add(server + ", " + what + ": ABORTED by " + e);
            System.err.println("[bench] " + server + ", " + what + " aborted:");
            e.printStackTrace();
        }
    }

    private void watch(String namespace, WatchFanOut.Transport transport) throws Exception {
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            createPod(0, namespace, "wp-" + i);
            pods.add("wp-" + i);
        }
        String rv = JSON.readTree(api.getString("/api/v1/namespaces/" + namespace + "/pods"))
                .path("metadata").path("resourceVersion").asString(null);
        double[] cpu0 = new double[2];
        WatchFanOut.Measured m = WatchFanOut.run(api, transport, namespace, pods, rv, settings.watchers(),
                settings.watchWrites(), settings.watchWriters(), Duration.ofSeconds(2), settings.watchWait(), () -> {
                    try {
                        cpu0[0] = serverCpu();
                        cpu0[1] = ProcStats.cpuSeconds(ProcessHandle.current().pid());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        double serverCores = serverPid < 0 ? Double.NaN : (serverCpu() - cpu0[0]) / m.seconds();
        double harnessCores = (ProcStats.cpuSeconds(ProcessHandle.current().pid()) - cpu0[1]) / m.seconds();
        String label = transport == WatchFanOut.Transport.WEBSOCKET ? "WebSocket" : "HTTP chunked stream";
        rows.add(new Row(server, "watch fan-out, events (" + m.watchers() + " watchers × " + m.writes()
                + " writes, " + label + ")", m.delivered(), m.expected() - m.delivered() + m.writeLoop().errors(),
                m.deliveredPerSecond(), m.p50Millis(), m.p99Millis(), serverCores, harnessCores));
        notes.add(String.format(java.util.Locale.ROOT,
                "%s, watch over %s: %d watchers opened in %.1f s; %d writes by %d writers at %.0f writes/s "
                        + "(p99 %.1f ms, %d failed%s); %d of %d events delivered in %.2f s; %d watchers incomplete",
                server, label, m.watchers(), m.openSeconds(), m.writeLoop().ops(), settings.watchWriters(),
                m.writeLoop().opsPerSecond(), m.writeLoop().p99Millis(), m.writeLoop().errors(),
                m.writeLoop().firstError() == null ? "" : ": " + m.writeLoop().firstError(), m.delivered(),
                m.expected(), m.seconds(), m.incompleteWatchers()));
    }

    private void phase(String operation, Phase phase) throws Exception {
        double cpu0 = serverCpu();
        double self0 = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        ClosedLoop.Measured m = phase.run();
        double serverCores = serverPid < 0 ? Double.NaN : (serverCpu() - cpu0) / m.seconds();
        double harnessCores = (ProcStats.cpuSeconds(ProcessHandle.current().pid()) - self0) / m.seconds();
        rows.add(new Row(server, operation, m.ops(), m.errors(), m.opsPerSecond(), m.p50Millis(), m.p99Millis(),
                serverCores, harnessCores));
        if (m.firstError() != null) {
            notes.add(server + ", " + operation + ": " + m.errors() + " errors, first: " + m.firstError());
        }
    }

    private double serverCpu() throws IOException {
        return serverPid < 0 ? 0 : ProcStats.cpuSeconds(serverPid);
    }

    private void createPod(int worker, String namespace, String name) throws IOException, InterruptedException {
        api.post(worker, "/api/v1/namespaces/" + namespace + "/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s","labels":{"app":"bench"}},\
                "spec":{"containers":[{"name":"c","image":"registry.k8s.io/pause:3.10"}]}}""".formatted(name, namespace));
    }

    private static String podPath(String namespace, String name) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + name;
    }

    private void progress(String what) {
        System.err.println("[bench] " + server + ": " + what);
    }
}
