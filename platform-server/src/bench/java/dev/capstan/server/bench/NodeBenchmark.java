package dev.capstan.server.bench;

import dev.capstan.node.runtime.NodeTeardown;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The node agent benchmark, after upstream's pod startup latency SLI (with images present): a fresh
 * {@code capstan server} and a real {@code capstan agent} (its own containerd, runc, CNI) in child JVMs; after one
 * warm-up pod (which puts the image in containerd's store), {@code bench.pods} pods of {@code sleep 3600} are created
 * by 4 client threads. A pod's startup latency runs from the start of its client-side create call until a watch first
 * sees it Running with every container started (creationTimestamp has only second resolution). Then, with the pods
 * idle, the agent's RSS and CPU and the RSS of its containerd and shims are sampled for {@code bench.idleSeconds}.
 *
 * <p>Needs root and what {@code scripts/install-deps.sh} installs; only one agent fits a machine (port 10250, DNS
 * on the node IP, bridge capstan0), so the harness refuses to start while 10250 is taken. Afterwards every trace
 * is removed as the test fixture RunningAgent does. Per-pod timestamps go to {@code <bench.dir>/pods.csv} and the
 * containerd log to {@code <bench.dir>/containerd.log}, for a breakdown of where the time went.
 * Run with {@code scripts/bench-node.sh}.
 */
public final class NodeBenchmark {

    private static final String NAMESPACE = "bench";
    private static final String NODE = "bench-node";
    private static final String IMAGE = "capstan.local/busybox:latest";
    private static final int CLIENT_THREADS = 4;
    /** The server's default --cluster-cidr (the node IPAM controller cuts the node's pod CIDR from it). */
    private static final String CLUSTER_CIDR = "10.42.0.0/16";

    private NodeBenchmark() {
    }

    /** Per pod: when the create call started and returned, when a watch saw it bound and running (epoch micros). */
    private static final class Times {
        volatile long createStartNanos;
        volatile long createStartMicros;
        volatile long createdMicros;
        volatile long boundMicros;
        volatile long runningNanos;
        volatile long runningMicros;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("cleanup")) {
            cleanUpNode(Path.of(args[1]));
            return;
        }
        int podCount = Integer.getInteger("bench.pods", 30);
        int idleSeconds = Integer.getInteger("bench.idleSeconds", 60);
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench-node")).toAbsolutePath();
        Path agentRoot = dir.resolve("agent-root");
        Path containerdDir = agentRoot.resolve("containerd");
        refuseIfAnotherAgentRuns();
        // an earlier run that died half-way may have left containers and mounts below the directory
        if (Files.exists(containerdDir)) {
            cleanUpNode(agentRoot);
        }
        deleteTree(dir);
        Path dataDir = dir.resolve("data");
        Files.createDirectories(dataDir);
        String classpath = CapstanProcess.snapshotClasspath(dir.resolve("classpath"));
        // e.g. platform-node-agent/target/classes: measures an agent change without installing it
        String agentClasses = System.getProperty("bench.agentClasses", "");
        String agentClasspath = agentClasses.isBlank() ? classpath
                : Path.of(agentClasses).toAbsolutePath() + java.io.File.pathSeparator + classpath;
        List<String> serverFlags = CapstanProcess.flags(System.getProperty("bench.serverJvmFlags", "-Xmx1g"));
        List<String> agentFlags = CapstanProcess.flags(System.getProperty("bench.agentJvmFlags", ""));
        try (CapstanProcess server = CapstanProcess.start(classpath, dataDir, serverFlags, Duration.ofMinutes(2))) {
            Path kubeconfig = dataDir.resolve("admin.kubeconfig");
            Process agent = startAgent(agentClasspath, agentFlags, kubeconfig, dir);
            try {
                Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
                try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                    try {
                        awaitNodeReady(client, agent, dir.resolve("capstan-agent.log"), Duration.ofMinutes(2));
                        run(client, server, agent, podCount, idleSeconds, containerdDir, dir);
                    } finally {
                        deletePods(client, agent, containerdDir);
                    }
                }
            } finally {
                agent.destroy();
                if (!agent.waitFor(30, TimeUnit.SECONDS)) {
                    agent.destroyForcibly().waitFor();
                }
            }
        } finally {
            // the containerd log goes with the directory; keep it for the breakdown
            Path containerdLog = containerdDir.resolve("containerd.log");
            if (Files.exists(containerdLog)) {
                Files.copy(containerdLog, dir.resolve("containerd.log"), StandardCopyOption.REPLACE_EXISTING);
            }
            cleanUpNodeInChildJvm(agentClasspath, agentRoot, dir.resolve("cleanup.log"));
        }
    }

    private static void run(KubernetesClient client, CapstanProcess server, Process agent, int podCount, int idleSeconds,
            Path containerdDir, Path dir) throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .create();
        Map<String, Times> times = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        Watch watch = client.pods().inNamespace(NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                long nanos = System.nanoTime();
                long micros = epochMicros();
                Times t = times.get(pod.getMetadata().getName());
                if (t == null) {
                    return;
                }
                if (t.boundMicros == 0 && pod.getSpec().getNodeName() != null) {
                    t.boundMicros = micros;
                }
                if (t.runningNanos == 0 && started(pod)) {
                    t.runningNanos = nanos;
                    t.runningMicros = micros;
                    running.incrementAndGet();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try {
            // upstream's SLI is "with images present": the warm-up pod pulls the image into containerd's store
            createPod(client, "warmup", times);
            awaitRunning(running, 1, agent, Duration.ofMinutes(2));
            client.pods().inNamespace(NAMESPACE).withName("warmup").delete();
            client.pods().inNamespace(NAMESPACE).withName("warmup").waitUntilCondition(p -> p == null, 2, TimeUnit.MINUTES);
            times.remove("warmup");
            // the floor: one pod on an idle node
            createPod(client, "single", times);
            awaitRunning(running, 2, agent, Duration.ofMinutes(1));
            Times single = times.remove("single");
            double singleMillis = (single.runningNanos - single.createStartNanos) / 1e6;
            client.pods().inNamespace(NAMESPACE).withName("single").delete();
            client.pods().inNamespace(NAMESPACE).withName("single").waitUntilCondition(p -> p == null, 2, TimeUnit.MINUTES);
            awaitSandboxesRemoved(agent, containerdDir, Duration.ofMinutes(1));
            running.set(0);

            double agentCpuBefore = ProcStats.cpuSeconds(agent.pid());
            double serverCpuBefore = ProcStats.cpuSeconds(server.pid());
            double runtimeCpuBeforeStartup = runtimeCpuSeconds(containerdDir);
            long[] machineBefore = machineTicks();
            long started = System.nanoTime();
            ExecutorService creators = Executors.newFixedThreadPool(CLIENT_THREADS);
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                creators.execute(() -> {
                    for (int i = next.getAndIncrement(); i < podCount; i = next.getAndIncrement()) {
                        createPod(client, "pod-" + i, times);
                    }
                });
            }
            creators.shutdown();
            creators.awaitTermination(5, TimeUnit.MINUTES);
            awaitRunning(running, podCount, agent, Duration.ofMinutes(5));
            double allRunning = (System.nanoTime() - started) / 1e9;
            double startupCpu = ProcStats.cpuSeconds(agent.pid()) - agentCpuBefore;
            double startupServerCpu = ProcStats.cpuSeconds(server.pid()) - serverCpuBefore;
            double startupRuntimeCpu = runtimeCpuSeconds(containerdDir) - runtimeCpuBeforeStartup;
            long[] machineAfter = machineTicks();
            double machineBusy = 100.0 * (1 - (double) (machineAfter[1] - machineBefore[1])
                    / Math.max(1, machineAfter[0] - machineBefore[0]));
            writeCsv(times, dir.resolve("pods.csv"));
            double[] latencies = times.values().stream()
                    .mapToDouble(t -> (t.runningNanos - t.createStartNanos) / 1e6).sorted().toArray();

            // idle: the pods run and nothing changes; what keeping them costs
            Thread.sleep(5_000);
            double cpuBefore = ProcStats.cpuSeconds(agent.pid());
            double runtimeCpuBefore = runtimeCpuSeconds(containerdDir);
            long idleStart = System.nanoTime();
            double rssSum = 0;
            double rssMax = 0;
            double runtimeRssSum = 0;
            int samples = 0;
            while (System.nanoTime() - idleStart < idleSeconds * 1_000_000_000L) {
                double rss = ProcStats.rssMiB(agent.pid());
                rssSum += rss;
                rssMax = Math.max(rssMax, rss);
                runtimeRssSum += runtimeRssMiB(containerdDir);
                samples++;
                Thread.sleep(1_000);
            }
            double idleWall = (System.nanoTime() - idleStart) / 1e9;
            double idleCpuPercent = (ProcStats.cpuSeconds(agent.pid()) - cpuBefore) / idleWall * 100;
            double runtimeCpuPercent = (runtimeCpuSeconds(containerdDir) - runtimeCpuBefore) / idleWall * 100;

            System.out.printf("agent JVM flags: %s%n", agentFlags(dir.resolve("capstan-agent.log")));
            System.out.printf("one pod alone (after the warm-up): %.0f ms%n", singleMillis);
            System.out.printf("all %d pods running %.2f s after the first create; meanwhile CPU seconds: agent %.1f, "
                    + "server %.1f, containerd + shims (with runc, CNI) %.1f; machine busy %.0f %% of %d cores%n",
                    podCount, allRunning, startupCpu, startupServerCpu, startupRuntimeCpu, machineBusy,
                    Runtime.getRuntime().availableProcessors());
            System.out.println("| pods | startup p50 | p90 | p99 | max | agent RSS idle (mean / max) | agent CPU idle "
                    + "| containerd + shims RSS idle | containerd + shims CPU idle |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            System.out.printf("| %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f / %.0f MiB | %.1f %% | %.0f MiB | %.1f %% |%n",
                    podCount, percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
                    latencies[latencies.length - 1], rssSum / samples, rssMax, idleCpuPercent,
                    runtimeRssSum / samples, runtimeCpuPercent);
        } finally {
            watch.close();
        }
    }

    private static boolean started(Pod pod) {
        if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
            return false;
        }
        List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
        if (statuses == null || statuses.size() != pod.getSpec().getContainers().size()) {
            return false;
        }
        return statuses.stream().allMatch(s -> s.getState() != null && s.getState().getRunning() != null
                && !Boolean.FALSE.equals(s.getStarted()));
    }

    private static void createPod(KubernetesClient client, String name, Map<String, Times> times) {
        Times t = new Times();
        times.put(name, t);
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(0L)
                .addNewContainer().withName("app").withImage(IMAGE).withImagePullPolicy("IfNotPresent")
                .withCommand("sleep", "3600").endContainer()
                .endSpec().build();
        t.createStartMicros = epochMicros();
        t.createStartNanos = System.nanoTime();
        client.pods().inNamespace(NAMESPACE).resource(pod).create();
        t.createdMicros = epochMicros();
    }

    private static void awaitRunning(AtomicInteger running, int count, Process agent, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running.get() < count) {
            if (!agent.isAlive()) {
                throw new IllegalStateException("the agent exited with " + agent.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + running.get() + " of " + count + " pods running after "
                        + timeout);
            }
            Thread.sleep(20);
        }
    }

    private static void refuseIfAnotherAgentRuns() {
        try (ServerSocket probe = new ServerSocket(10250)) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port 10250 is taken: another node agent (or a kubelet) runs on this "
                    + "machine; only one fits (it also serves DNS on the node IP and owns bridge capstan0). "
                    + "Wait for it to stop (ss -ltnp | grep 10250) and run again.");
        }
    }

    private static Process startAgent(String classpath, List<String> jvmFlags, Path kubeconfig, Path dir)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-XX:+PrintCommandLineFlags");
        command.addAll(List.of("-cp", classpath, "dev.capstan.server.CapstanMain", "agent",
                "--kubeconfig", kubeconfig.toString(), "--node-name", NODE,
                "--root-dir", dir.resolve("agent-root").toString(),
                "--capstan.node.pod-log-dir=" + dir.resolve("pods")));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("capstan-agent.log").toFile()).start();
    }

    private static void awaitNodeReady(KubernetesClient client, Process agent, Path log, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!agent.isAlive()) {
                throw new IllegalStateException("the agent exited with " + agent.exitValue() + "; log: " + log
                        + "\n" + tail(log));
            }
            Node node = client.nodes().withName(NODE).get();
            if (node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                    && node.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + NODE + " not Ready after " + timeout + "; log: " + log
                        + "\n" + tail(log));
            }
            Thread.sleep(200);
        }
    }

    /** Deletes the pods and waits until they are gone from the API and their sandboxes are stopped. */
    private static void deletePods(KubernetesClient client, Process agent, Path containerdDir) {
        try {
            client.pods().inNamespace(NAMESPACE).delete();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!client.pods().inNamespace(NAMESPACE).list().getItems().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            if (agent.isAlive()) {
                awaitSandboxesRemoved(agent, containerdDir, Duration.ofMinutes(1));
            }
        } catch (Exception e) {
            System.err.println("cannot delete the pods (the node clean-up removes their containers): " + e);
        }
    }

    /**
     * Until the agent has stopped and removed every sandbox (CRI deletes a sandbox's directory on RemovePodSandbox):
     * stopping the agent earlier stops containerd under a CNI DEL, which leaves the pod's masquerade chain behind.
     */
    private static void awaitSandboxesRemoved(Process agent, Path containerdDir, Duration timeout) throws Exception {
        Path sandboxes = containerdDir.resolve("root").resolve("io.containerd.grpc.v1.cri").resolve("sandboxes");
        long deadline = System.nanoTime() + timeout.toNanos();
        long left = -1;
        while (System.nanoTime() < deadline && agent.isAlive()) {
            try (Stream<Path> entries = Files.exists(sandboxes) ? Files.list(sandboxes) : Stream.empty()) {
                left = entries.count();
            }
            if (left == 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(left + " pod sandboxes still there after " + timeout);
    }

    /**
     * The clean-up in a child JVM on the snapshot classpath: an {@code mvn install} elsewhere during the run rewrites
     * the jars this JVM loads its classes from (NoClassDefFoundError on the first class loaded after that).
     */
    private static void cleanUpNodeInChildJvm(String classpath, Path agentRoot, Path log) throws Exception {
        Process cleanup = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, NodeBenchmark.class.getName(), "cleanup", agentRoot.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!cleanup.waitFor(3, TimeUnit.MINUTES) || cleanup.exitValue() != 0) {
            cleanup.destroyForcibly();
            throw new IllegalStateException("the node clean-up failed; log: " + log + "\n" + tail(log));
        }
    }

    /**
     * As the test fixture RunningAgent does: containers, shims, mounts, bridge, CNI, the service proxy's and the pod
     * network's iptables chains, routes to other nodes' pod subnets.
     */
    private static void cleanUpNode(Path agentRoot) throws IOException {
        NodeTeardown.removeAll(agentRoot, CLUSTER_CIDR);
    }

    /** containerd and its shims: every process whose command line names the agent's containerd directory. */
    private static List<Long> runtimePids(Path containerdDir) throws IOException {
        String marker = containerdDir.toString();
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
                    if (cmdline.contains(marker + "/") && !cmdline.contains("java")) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        }
        return pids;
    }

    private static double runtimeRssMiB(Path containerdDir) throws IOException {
        double sum = 0;
        for (long pid : runtimePids(containerdDir)) {
            try {
                sum += ProcStats.rssMiB(pid);
            } catch (IOException | UncheckedIOException e) {
                // gone meanwhile
            }
        }
        return sum;
    }

    /** Their CPU time with that of their waited-for children: runc under the shims, CNI plugins under containerd. */
    private static double runtimeCpuSeconds(Path containerdDir) throws IOException {
        double sum = 0;
        for (long pid : runtimePids(containerdDir)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                // utime, stime, cutime, cstime (fields 14 to 17 of proc(5)), in USER_HZ = 100
                sum += (Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                        + Long.parseLong(fields[14])) / 100.0;
            } catch (IOException | UncheckedIOException e) {
                // gone meanwhile
            }
        }
        return sum;
    }

    /** Total and idle (idle + iowait) jiffies of all CPUs, from the first line of /proc/stat. */
    private static long[] machineTicks() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < cpu.length; i++) {
            total += Long.parseLong(cpu[i]);
        }
        return new long[] {total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5])};
    }

    private static void writeCsv(Map<String, Times> times, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("pod,create_start_us,created_us,bound_us,running_us,latency_ms");
        times.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Times t = e.getValue();
            lines.add(String.format("%s,%d,%d,%d,%d,%.1f", e.getKey(), t.createStartMicros, t.createdMicros,
                    t.boundMicros, t.runningMicros, (t.runningNanos - t.createStartNanos) / 1e6));
        });
        Files.write(file, lines);
    }

    /** Nearest rank, as upstream's perf tests report percentiles. */
    private static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private static String agentFlags(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("-XX:")).findFirst().orElse("?");
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
