package dev.capstan.testkit;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nodes without machines, the way KWOK and kubemark make clusters: {@code Node} objects with a chosen
 * capacity, labels and taints and a Ready condition; optionally their {@code kube-node-lease} Leases kept
 * fresh, and pods bound to them marked Running. Only for tests and benchmarks: it writes through the API
 * like a kubelet would, but runs nothing.
 */
public final class SimulatedNodes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedNodes.class);
    private static final String LEASE_NAMESPACE = "kube-node-lease";

    private final KubernetesClient client;
    private final Set<String> names = ConcurrentHashMap.newKeySet();
    private final Set<String> alive = ConcurrentHashMap.newKeySet();
    private boolean keepLeases = true;
    private ScheduledExecutorService leaseRenewer;
    private Watch podWatch;
    private ExecutorService podMarker;

    public SimulatedNodes(KubernetesClient client) {
        this.client = client;
    }

    /**
     * No Lease renewals (for benchmarks with thousands of nodes and no node lifecycle controller): by default
     * the nodes renew their Leases every 10 s like kubelets, or the node lifecycle controller would mark them
     * Unknown after its grace period.
     */
    public SimulatedNodes withoutLeases() {
        keepLeases = false;
        return this;
    }

    /** The node stops renewing its Lease, as a kubelet that died: the node lifecycle controller takes it from there. */
    public void stopRenewing(String node) {
        alive.remove(node);
    }

    /** Creates {@code count} nodes (in parallel) and returns their names; they renew their Leases unless {@link #withoutLeases()}. */
    public List<String> create(int count, NodeShape shape) {
        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                created.add(workers.submit(() -> createOne(index, shape)));
            }
            List<String> result = new ArrayList<>();
            for (Future<String> future : created) {
                result.add(future.get());
            }
            if (keepLeases) {
                alive.addAll(result);
                synchronized (this) {
                    if (leaseRenewer == null) {
                        renewLeases(Duration.ofSeconds(10));
                    }
                }
                result.forEach(this::renewLease);
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("creating simulated nodes failed: " + e.getCause(), e.getCause());
        } finally {
            workers.shutdown();
        }
    }

    private String createOne(int index, NodeShape shape) {
        String name = shape.namePrefix() + index;
        Map<String, String> labels = new HashMap<>(shape.labels().apply(index));
        labels.put("kubernetes.io/hostname", name);
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("type", "simulated");
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity(shape.cpu()), "memory", new Quantity(shape.memory()),
                "pods", new Quantity(String.valueOf(shape.pods())), "ephemeral-storage", new Quantity("100Gi"));
        String now = now();
        Node node = new NodeBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTaints(shape.taints()).endSpec()
                .withNewStatus()
                .withCapacity(capacity).withAllocatable(capacity)
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("simulated node is ready").withLastHeartbeatTime(now).withLastTransitionTime(now).endCondition()
                .withNewNodeInfo().withKubeletVersion("v1.32.0-simulated").withOperatingSystem("linux")
                .withArchitecture("amd64").withContainerRuntimeVersion("simulated://1.0").endNodeInfo()
                .endStatus()
                .build();
        client.nodes().resource(node).create();
        names.add(name);
        return name;
    }

    /** Keeps each live node's Lease in {@code kube-node-lease} renewed every {@code period}, as a kubelet does. */
    public synchronized void renewLeases(Duration period) {
        if (leaseRenewer != null) {
            leaseRenewer.shutdownNow();
        }
        leaseRenewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "simulated-node-leases");
            thread.setDaemon(true);
            return thread;
        });
        leaseRenewer.scheduleWithFixedDelay(() -> alive.forEach(this::renewLease), period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void renewLease(String node) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Lease lease = new LeaseBuilder().withNewMetadata().withName(node).withNamespace(LEASE_NAMESPACE).endMetadata()
                .withNewSpec().withHolderIdentity(node).withLeaseDurationSeconds(40).withRenewTime(now).endSpec().build();
        try {
            client.leases().inNamespace(LEASE_NAMESPACE).resource(lease).createOr(NonDeletingOperation::update);
        } catch (RuntimeException e) {
            log.debug("event=lease_renew_failed node={} error={}", node, e.toString());
        }
    }

    /**
     * Acts as these nodes' kubelets: marks every pod bound to them Running and Ready (with a pod IP) and
     * confirms graceful deletions of their pods.
     */
    public void runBoundPods() {
        podMarker = Executors.newFixedThreadPool(4);
        podWatch = client.pods().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (keepLeases && pod.getSpec().getNodeName() != null && !alive.contains(pod.getSpec().getNodeName())) {
                    return; // a dead node's kubelet does nothing
                }
                if (action == Action.MODIFIED && pod.getMetadata().getDeletionTimestamp() != null
                        && pod.getSpec().getNodeName() != null && names.contains(pod.getSpec().getNodeName())) {
                    podMarker.execute(() -> confirmDeletion(pod));
                    return;
                }
                if ((action == Action.ADDED || action == Action.MODIFIED) && pod.getSpec().getNodeName() != null
                        && names.contains(pod.getSpec().getNodeName())
                        && (pod.getStatus() == null || "Pending".equals(pod.getStatus().getPhase())
                                || pod.getStatus().getPhase() == null)
                        && pod.getMetadata().getDeletionTimestamp() == null) {
                    podMarker.execute(() -> markRunning(pod));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                log.debug("event=pod_watch_closed cause={}", String.valueOf(cause));
            }
        });
    }

    private void markRunning(Pod pod) {
        String now = now();
        int hash = Math.abs(pod.getMetadata().getName().hashCode());
        String status = """
                {"status":{"phase":"Running","podIP":"10.%d.%d.%d","startTime":"%s","conditions":[
                  {"type":"PodScheduled","status":"True","lastTransitionTime":"%s"},
                  {"type":"Initialized","status":"True","lastTransitionTime":"%s"},
                  {"type":"ContainersReady","status":"True","lastTransitionTime":"%s"},
                  {"type":"Ready","status":"True","lastTransitionTime":"%s"}]}}
                """.formatted((hash >> 16) & 0xff, (hash >> 8) & 0xff, hash & 0xff, now, now, now, now, now);
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), status);
        } catch (RuntimeException e) {
            log.debug("event=mark_running_failed pod={} error={}", pod.getMetadata().getName(), e.toString());
        }
    }

    /** A kubelet confirms a graceful deletion once the containers stopped: here at once. */
    private void confirmDeletion(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
        } catch (RuntimeException e) {
            log.debug("event=confirm_deletion_failed pod={} error={}", pod.getMetadata().getName(), e.toString());
        }
    }

    /** Deletes the nodes (and their Leases). */
    public void deleteAll() {
        alive.clear();
        for (String name : names) {
            client.nodes().withName(name).delete();
            client.leases().inNamespace(LEASE_NAMESPACE).withName(name).delete();
        }
        names.clear();
    }

    public Set<String> names() {
        return Set.copyOf(names);
    }

    @Override
    public void close() {
        if (leaseRenewer != null) {
            leaseRenewer.shutdownNow();
        }
        if (podWatch != null) {
            podWatch.close();
        }
        if (podMarker != null) {
            podMarker.shutdownNow();
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
