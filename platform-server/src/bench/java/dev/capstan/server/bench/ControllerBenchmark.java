package dev.capstan.server.bench;

import dev.capstan.testkit.NodeShape;
import dev.capstan.testkit.SimulatedNodes;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The controller manager benchmark: a fresh {@code capstan server} (API + scheduler + controllers, child JVM),
 * 100 simulated nodes that mark bound pods Running and Ready, then 1,000 Deployments of 10 replicas created by
 * 16 client threads. Reports the time until every Deployment is available, the rate at which the ReplicaSet
 * controller created pods (first to last pod ADDED), and the server's CPU seconds and peak RSS.
 * Run with {@code scripts/bench-controllers.sh}; {@code -Dbench.deployments=1000 -Dbench.replicas=10 -Dbench.nodes=100}.
 */
public final class ControllerBenchmark {

    private ControllerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int deployments = Integer.getInteger("bench.deployments", 1000);
        int replicas = Integer.getInteger("bench.replicas", 10);
        int nodeCount = Integer.getInteger("bench.nodes", 100);
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench-controllers")).toAbsolutePath();
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Path dataDir = dir.resolve("data");
        Files.createDirectories(dataDir);
        String classpath = CapstanProcess.snapshotClasspath(dir.resolve("classpath"));
        List<String> jvmFlags = CapstanProcess.flags(System.getProperty("bench.serverJvmFlags", "-Xmx2g"));
        List<String> serverArgs = CapstanProcess.flags(System.getProperty("bench.serverArgs", ""));
        try (CapstanProcess server = CapstanProcess.start(classpath, dataDir, jvmFlags, Duration.ofMinutes(2), serverArgs)) {
            Config config = Config.fromKubeconfig(Files.readString(dataDir.resolve("admin.kubeconfig")));
            config.setMaxConcurrentRequests(256);
            config.setMaxConcurrentRequestsPerHost(256);
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
                 SimulatedNodes nodes = new SimulatedNodes(client)) {
                // pod capacity: enough for every replica
                int podsPerNode = Math.max(110, deployments * replicas / nodeCount + 10);
                nodes.create(nodeCount, NodeShape.standard("node-").withCapacity("64", "256Gi", podsPerNode));
                nodes.runBoundPods();
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
                        .create();
                AtomicLong firstPod = new AtomicLong();
                AtomicLong lastPod = new AtomicLong();
                AtomicInteger pods = new AtomicInteger();
                Watch podWatch = client.pods().inNamespace("bench").watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        if (action == Action.ADDED) {
                            long now = System.nanoTime();
                            firstPod.compareAndSet(0, now);
                            lastPod.set(now);
                            pods.incrementAndGet();
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                });
                Set<String> available = ConcurrentHashMap.newKeySet();
                Watch deploymentWatch = client.apps().deployments().inNamespace("bench").watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Deployment deployment) {
                        Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getAvailableReplicas();
                        if (ready != null && ready >= replicas) {
                            available.add(deployment.getMetadata().getName());
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                });
                double cpuBefore = ProcStats.cpuSeconds(server.pid());
                long started = System.nanoTime();
                ExecutorService creators = Executors.newFixedThreadPool(16);
                AtomicInteger next = new AtomicInteger();
                for (int t = 0; t < 16; t++) {
                    creators.execute(() -> {
                        for (int i = next.getAndIncrement(); i < deployments; i = next.getAndIncrement()) {
                            client.apps().deployments().inNamespace("bench").resource(deployment("web-" + i, replicas)).create();
                        }
                    });
                }
                creators.shutdown();
                creators.awaitTermination(30, TimeUnit.MINUTES);
                double createSeconds = (System.nanoTime() - started) / 1e9;
                long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
                while (available.size() < deployments && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                double allAvailable = (System.nanoTime() - started) / 1e9;
                double cpu = ProcStats.cpuSeconds(server.pid()) - cpuBefore;
                double peakRss = ProcStats.peakRssMiB(server.pid());
                double podRate = pods.get() / Math.max(1e-9, (lastPod.get() - firstPod.get()) / 1e9);
                podWatch.close();
                deploymentWatch.close();
                System.out.println("| deployments × replicas | nodes | Deployments created in | all available after | pods created | pods created/s | server CPU s | server peak RSS |");
                System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
                System.out.printf("| %,d × %d | %d | %.1f s | %s | %,d | %,.0f | %.1f | %.0f MiB |%n", deployments, replicas, nodeCount,
                        createSeconds, available.size() < deployments
                                ? String.format("not all: %d of %d after %.0f s", available.size(), deployments, allAvailable)
                                : String.format("%.1f s", allAvailable),
                        pods.get(), podRate, cpu, peakRss);
            }
        }
    }

    private static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace("bench").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10")
                .withNewResources().withRequests(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("16Mi")))
                .endResources().endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
