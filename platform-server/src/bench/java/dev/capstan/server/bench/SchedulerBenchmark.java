package dev.capstan.server.bench;

import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The scheduler benchmark, shaped like upstream's {@code scheduler_perf}: a fresh {@code capstan server}
 * (API + scheduler, in a child JVM) per workload, simulated nodes in three zones, then pods created by 16
 * client threads while the scheduler binds them through the API. Reports pods bound per second from the
 * first create to the last binding and in steady state (the average of one-second samples, as upstream's
 * SchedulingThroughput), and the scheduler's own p99 attempt duration from its metrics.
 * Run with {@code scripts/bench-scheduler.sh}; {@code -Dbench.workloads=basic-500,basic-5000,anti-affinity,spread}.
 */
public final class SchedulerBenchmark {

    record Workload(String name, int nodes, int pods, UnaryOperator<PodBuilder> shape) {
    }

    private static final List<Workload> WORKLOADS = List.of(
            new Workload("basic-500", 500, 5_000, b -> b),
            new Workload("basic-5000", 5_000, 10_000, b -> b),
            new Workload("anti-affinity", 5_000, 2_000, b -> b.editMetadata().addToLabels("color", "green").endMetadata()
                    .editSpec().withNewAffinity().withNewPodAntiAffinity()
                    .addToRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
                            .withTopologyKey("kubernetes.io/hostname")
                            .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("color", "green")).build())
                            .build())
                    .endPodAntiAffinity().endAffinity().endSpec()),
            new Workload("spread", 5_000, 5_000, b -> b.editMetadata().addToLabels("app", "spread").endMetadata()
                    .editSpec().addToTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1)
                            .withTopologyKey("topology.kubernetes.io/zone").withWhenUnsatisfiable("DoNotSchedule")
                            .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "spread")).build())
                            .build()).endSpec()));

    private SchedulerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench-scheduler")).toAbsolutePath();
        Files.createDirectories(dir);
        String classpath = CapstanProcess.snapshotClasspath(dir.resolve("classpath"));
        Set<String> chosen = Set.of(System.getProperty("bench.workloads", "basic-500,basic-5000,anti-affinity,spread").split(","));
        List<String> jvmFlags = CapstanProcess.flags(System.getProperty("bench.serverJvmFlags", "-Xmx2g"));
        List<String> serverArgs = new ArrayList<>(CapstanProcess.flags(System.getProperty("bench.serverArgs", "")));
        boolean backlog = System.getProperty("bench.mode", "concurrent").equals("backlog");
        // as scheduler_perf: no controller manager (and the simulated nodes renew no Leases)
        serverArgs.add("--capstan.controllers.enabled=false");
        if (backlog) {
            serverArgs.add("--capstan.scheduler.enabled=false");
        }
        List<String> rows = new ArrayList<>();
        rows.add(backlog
                ? "| workload | nodes | pods | first bind → last bind | steady state (avg of 1 s samples) | scheduling attempt p99 | API server CPU s | scheduler CPU s |"
                : "| workload | nodes | pods | first create → last bind | steady state (avg of 1 s samples) | scheduling attempt p99 | server CPU s |");
        rows.add(backlog ? "|---|---:|---:|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|---:|---:|---:|");
        for (Workload workload : WORKLOADS) {
            if (chosen.contains(workload.name())) {
                rows.add(run(workload, dir.resolve(workload.name()), classpath, jvmFlags, serverArgs, backlog));
                System.out.println(rows.get(rows.size() - 1));
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
    }

    /**
     * One workload on a fresh server. Concurrent mode: the scheduler runs in the server and pods are created while
     * it binds them. Backlog mode: the server runs no scheduler; all pods are created first, then a
     * {@code capstan scheduler} process starts and drains them (this isolates the scheduler from the create load).
     */
    private static String run(Workload workload, Path dir, String classpath, List<String> jvmFlags, List<String> serverArgs,
                              boolean backlog) throws Exception {
        Path dataDir = dir.resolve("data");
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dataDir);
        try (CapstanProcess server = CapstanProcess.start(classpath, dataDir, jvmFlags, Duration.ofMinutes(2), serverArgs)) {
            Config config = Config.fromKubeconfig(Files.readString(dataDir.resolve("admin.kubeconfig")));
            config.setMaxConcurrentRequests(256);
            config.setMaxConcurrentRequestsPerHost(256);
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
                 SimulatedNodes nodes = new SimulatedNodes(client).withoutLeases()) {
                long nodesStarted = System.nanoTime();
                nodes.create(workload.nodes(), NodeShape.standard("node-").inZones("zone-0", "zone-1", "zone-2"));
                System.out.printf("%s: %d nodes created in %.1f s%n", workload.name(), workload.nodes(),
                        (System.nanoTime() - nodesStarted) / 1e9);
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
                        .create();
                Thread.sleep(2_000); // let the scheduler's node informer catch up
                BindingClock bindings = new BindingClock(client);
                long started = System.nanoTime();
                double cpuBefore = ProcStats.cpuSeconds(server.pid());
                createPods(client, workload);
                long created = System.nanoTime();
                Process scheduler = null;
                int schedulerPort = 0;
                double schedulerCpu = 0;
                String schedulerMetrics = "";
                if (backlog) {
                    cpuBefore = ProcStats.cpuSeconds(server.pid());
                    schedulerPort = freePort();
                    scheduler = startScheduler(classpath, dataDir.resolve("admin.kubeconfig"), dir.resolve("scheduler.log"),
                            schedulerPort);
                    bindings.awaitBound(1, Duration.ofMinutes(2));
                    started = bindings.firstBindNanos();
                }
                if (!bindings.awaitBound(workload.pods(), Duration.ofMinutes(10))) {
                    System.out.printf("%s: only %d of %d pods bound%n", workload.name(), bindings.bound(), workload.pods());
                }
                double cpu = ProcStats.cpuSeconds(server.pid()) - cpuBefore;
                if (scheduler != null) {
                    schedulerCpu = ProcStats.cpuSeconds(scheduler.pid());
                    schedulerMetrics = scrapeScheduler(client, schedulerPort);
                    scheduler.destroy();
                    scheduler.waitFor();
                }
                double endToEnd = bindings.bound() / ((bindings.lastBindNanos() - started) / 1e9);
                double steady = bindings.steadyStatePerSecond(started);
                String p99 = MetricsHistogram.quantile(backlog ? schedulerMetrics
                                : client.raw(config.getMasterUrl().replaceAll("/$", "") + "/metrics"),
                        "scheduler_scheduling_attempt_duration_seconds", "result=\"scheduled\"", 0.99);
                System.out.printf("%s: creates took %.1f s; %d bound%n", workload.name(), (created - started) / 1e9, bindings.bound());
                bindings.close();
                String row = String.format("| %s | %,d | %,d | %,.0f pods/s | %,.0f pods/s | %s | %.1f |", workload.name(),
                        workload.nodes(), bindings.bound(), endToEnd, steady, p99, cpu);
                return backlog ? row + String.format(" %.1f |", schedulerCpu) : row;
            }
        }
    }

    /** {@code capstan scheduler} in its own JVM, serving its metrics over HTTPS on {@code port}. */
    private static Process startScheduler(String classpath, Path kubeconfig, Path log, int port) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(CapstanProcess.flags(System.getProperty("bench.schedulerJvmFlags", "-Xmx1g")));
        command.addAll(List.of("-cp", classpath, "dev.capstan.server.CapstanMain", "scheduler", "--kubeconfig", kubeconfig.toString(),
                "--port", Integer.toString(port)));
        command.addAll(CapstanProcess.flags(System.getProperty("bench.schedulerArgs", "")));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * The scheduler's {@code /metrics} as a monitoring system reads it: HTTPS (its self-signed certificate, not
     * verified) with the token of a ServiceAccount bound to {@code system:monitoring}, which the scheduler checks
     * with the API server.
     */
    private static String scrapeScheduler(KubernetesClient client, int port) throws Exception {
        client.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder()
                .withNewMetadata().withName("bench-metrics").endMetadata().build()).createOr(NonDeletingOperation::update);
        client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
                .withNewMetadata().withName("bench-metrics").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "system:monitoring")
                .addNewSubject().withKind("ServiceAccount").withName("bench-metrics").withNamespace("default").endSubject()
                .build()).createOr(NonDeletingOperation::update);
        String token = client.serviceAccounts().inNamespace("default").withName("bench-metrics")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        return java.net.http.HttpClient.newBuilder().sslContext(tls).build().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://127.0.0.1:" + port + "/metrics")).header("Authorization", "Bearer " + token).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void createPods(KubernetesClient client, Workload workload) throws InterruptedException {
        ExecutorService creators = Executors.newFixedThreadPool(16);
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < 16; t++) {
            creators.execute(() -> {
                for (int i = next.getAndIncrement(); i < workload.pods(); i = next.getAndIncrement()) {
                    Pod pod = workload.shape().apply(new PodBuilder()
                            .withNewMetadata().withName("pod-" + i).withNamespace("bench").endMetadata()
                            .withNewSpec().addNewContainer().withName("pause").withImage("registry.k8s.io/pause:3.10")
                            .withNewResources().withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("500Mi")))
                            .endResources().endContainer().endSpec()).build();
                    client.pods().inNamespace("bench").resource(pod).create();
                }
            });
        }
        creators.shutdown();
        creators.awaitTermination(30, TimeUnit.MINUTES);
    }

    /** Watches the benchmark's pods and notes when each first shows a node name. */
    static final class BindingClock implements AutoCloseable {
        private final Set<String> bound = ConcurrentHashMap.newKeySet();
        private final ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
        private final Watch watch;
        private volatile long last;

        BindingClock(KubernetesClient client) {
            watch = client.pods().inNamespace("bench").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    if (pod.getSpec().getNodeName() != null && bound.add(pod.getMetadata().getName())) {
                        long now = System.nanoTime();
                        times.add(now);
                        last = now;
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                    if (cause != null) {
                        System.out.println("binding watch closed: " + cause);
                    }
                }
            });
        }

        boolean awaitBound(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (bound.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            return bound.size() >= count;
        }

        int bound() {
            return bound.size();
        }

        long lastBindNanos() {
            return last;
        }

        long firstBindNanos() {
            return times.stream().mapToLong(Long::longValue).min().orElse(System.nanoTime());
        }

        /** The average of whole one-second samples of bindings, leaving out the first and last second. */
        double steadyStatePerSecond(long start) {
            long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length == 0) {
                return 0;
            }
            int seconds = (int) ((sorted[sorted.length - 1] - start) / 1_000_000_000L) + 1;
            long[] perSecond = new long[seconds];
            for (long t : sorted) {
                perSecond[(int) ((t - start) / 1_000_000_000L)]++;
            }
            long[] middle = seconds > 2 ? Arrays.copyOfRange(perSecond, 1, seconds - 1) : perSecond;
            return Arrays.stream(middle).filter(n -> n > 0).average().orElse(0);
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
