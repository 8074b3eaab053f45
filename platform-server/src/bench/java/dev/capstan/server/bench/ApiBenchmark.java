package dev.capstan.server.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API server load benchmark: the same workload ({@link Workload}) first against Fabric8's
 * {@code KubernetesMockServer} in CRUD mode (in this JVM, plain HTTP, in memory) and then against Capstan
 * ({@code capstan server} in a child JVM: HTTPS, client certificates, SQLite with fsync). Prints Markdown tables.
 *
 * <p>Run with {@code scripts/bench-api.sh}. Not a test: it asserts nothing, it measures.
 */
public final class ApiBenchmark {

    private static final String CAPSTAN = "Capstan (child JVM, HTTPS + mTLS, SQLite fsync)";
    private static final String PEER = "Fabric8 KubernetesMockServer 8.0.0 (CRUD, in-process, HTTP)";

    /** Held so that the level set on it is not lost when the logger is collected. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private ApiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        List<String> serverFlags = CapstanProcess.flags(System.getProperty("bench.serverJvmFlags", "-Xmx1g"));
        Path work = fresh(Path.of(System.getProperty("bench.dir", "target/bench-api")));
        String serverClasspath = CapstanProcess.snapshotClasspath(work.resolve("classpath"));
        List<Row> rows = new ArrayList<>();
        List<String> memory = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        // the peer runs first, so that the harness's own RSS before it is a clean baseline
        if (!Boolean.getBoolean("bench.skipPeer")) {
            runPeer(settings, rows, memory, notes);
        }
        System.gc();

        String capstanFlags;
        try (CapstanProcess capstan = CapstanProcess.start(serverClasspath, work.resolve("capstan-data"),
                serverFlags, Duration.ofMinutes(3))) {
            capstanFlags = capstan.jvmFlagsDescription();
            double idle = ProcStats.rssMiB(capstan.pid());
            Api api = new Api(capstan.tls().server(), capstan.tls().sslContext(), settings.clients());
            Workload workload = new Workload(CAPSTAN, api, capstan.pid(), settings, settings.httpStreamWatch());
            try {
                workload.run();
            } finally {
                rows.addAll(workload.rows());
                notes.addAll(workload.notes());
                memory.add(String.format(Locale.ROOT, "| %s | server JVM (pid %d) | %.0f | %.0f | %.0f when ready |",
                        CAPSTAN, capstan.pid(), ProcStats.rssMiB(capstan.pid()), ProcStats.peakRssMiB(capstan.pid()),
                        idle));
                List<String> problems = capstan.problems();
                notes.add("Capstan log (" + capstan.log() + "): " + problems.size() + " WARN/ERROR lines"
                        + (problems.isEmpty() ? "" : "; first: " + problems.get(0)));
            }
        }
        print(settings, rows, memory, notes, capstanFlags);
    }

    private static void runPeer(Settings settings, List<Row> rows, List<String> memory, List<String> notes)
            throws Exception {
        long self = ProcessHandle.current().pid();
        // the mock logs every request at INFO on stderr; that is console I/O, not serving, so it is turned down
        MOCK_LOG.setLevel(Level.WARNING);
        double harnessBefore = ProcStats.rssMiB(self);
        KubernetesMockServer mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        mock.init(InetAddress.getLoopbackAddress(), 0);
        try {
            Api api = new Api("http://127.0.0.1:" + mock.getPort(), null, settings.clients());
            // the mock serves watches over WebSocket only (no chunked watch responses)
            Workload peer = new Workload(PEER, api, -1, settings, false);
            peer.run();
            rows.addAll(peer.rows());
            notes.addAll(peer.notes());
            memory.add(String.format(Locale.ROOT, "| %s | harness JVM (mock + load clients + Maven) | %.0f | %.0f | "
                    + "%.0f before the mock started |", PEER, ProcStats.rssMiB(self), ProcStats.peakRssMiB(self),
                    harnessBefore));
        } finally {
            mock.destroy();
        }
    }

    private static void print(Settings s, List<Row> rows, List<String> memory, List<String> notes,
            String capstanFlags) {
        System.out.println();
        System.out.println("| server | operation | ops | errors | ops/s | p50 ms | p99 ms | server CPU (cores) "
                + "| harness CPU (cores) |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %.2f | %.2f | %s | %.2f |",
                    r.server(), r.operation(), r.ops(), r.errors(), r.opsPerSecond(), r.p50Millis(), r.p99Millis(),
                    Double.isNaN(r.serverCores()) ? "(in harness)" : String.format(Locale.ROOT, "%.2f",
                            r.serverCores()), r.harnessCores()));
        }
        System.out.println();
        System.out.println("| server | process measured | RSS after load MiB | peak RSS MiB | baseline MiB |");
        System.out.println("|---|---|---:|---:|---|");
        memory.forEach(System.out::println);
        System.out.println();
        System.out.println("- Machine: " + Runtime.getRuntime().availableProcessors() + " cores, shared by the load "
                + "clients and the server (both run on this machine); CPU columns are CPU-seconds per second.");
        System.out.println("- Client: JDK java.net.http.HttpClient, HTTP/1.1 keep-alive, " + s.clients()
                + " closed-loop threads over " + Math.max(1, (s.clients() + Api.WORKERS_PER_CLIENT - 1)
                / Api.WORKERS_PER_CLIENT) + " HttpClient instances; watches with the JDK WebSocket client (and, for "
                + "Capstan, also as chunked HTTP streams), 250 per HttpClient. Bodies are read and dropped, not parsed.");
        System.out.println("- Workload: creates of small Pods (1 container) over " + s.namespaces() + " namespaces, max "
                + s.creates() + " or " + s.createTime().toSeconds() + " s; gets of those pods, max " + s.gets() + " or "
                + s.getTime().toSeconds() + " s; full lists of a " + s.listSize() + "-pod namespace, max " + s.lists()
                + " or " + s.listTime().toSeconds() + " s; each after a " + s.warmup().toSeconds()
                + " s warm-up of the same request. Watch fan-out: " + s.watchers() + " watches on a namespace of 10 pods"
                + " (from the list's resourceVersion), then " + s.watchWrites() + " merge-patches of those pods by "
                + s.watchWriters() + " writers; its ops/s is events delivered to all watchers per second, from the "
                + "first write until every watcher has every event, and its p50/p99 is per event, from the write "
                + "being sent to the event arriving.");
        System.out.println("- Capstan server JVM flags: " + capstanFlags);
        System.out.println("- Harness JVM (runs the mock in-process, so the mock's RSS is this JVM's): "
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()) + " (Java "
                + System.getProperty("java.version") + ")");
        notes.forEach(n -> System.out.println("- " + n));
    }

    private static Path fresh(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(dir).toAbsolutePath();
    }
}
