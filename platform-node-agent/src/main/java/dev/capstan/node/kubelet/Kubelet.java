package dev.capstan.node.kubelet;

import dev.capstan.node.cri.CriClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's main loop: waits for the runtime, registers the Node, keeps its Lease and status fresh, and
 * feeds the pods bound to this node (one watch with the field selector {@code spec.nodeName=<node>}, as
 * upstream's API pod source) to the pod workers. Pods already running in the runtime are adopted: their
 * sandboxes and containers carry the pod UID, so the first sync finds them and starts nothing twice.
 */
public final class Kubelet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Kubelet.class);

    private final KubernetesClient client;
    private final CriClient cri;
    private final KubeletSettings settings;
    private final NodeStatusReporter nodeStatus;
    private final NodeLeaseRenewer lease;
    private final PodWorkers workers;
    private final Runnable beforePods;
    private ScheduledExecutorService heartbeats;
    private SharedIndexInformer<Pod> pods;

    public Kubelet(KubernetesClient client, CriClient cri, KubeletSettings settings, NodeStatusReporter nodeStatus,
                   NodeLeaseRenewer lease, PodWorkers workers) {
        this(client, cri, settings, nodeStatus, lease, workers, () -> { });
    }

    /**
     * @param beforePods runs after the Node is registered (its lease and status kept fresh) and before the first pod is
     *                   synced: the pod network waits there for the Node's {@code spec.podCIDR}, which the node IPAM
     *                   controller can only assign to a registered Node, and writes the CNI network for it
     */
    public Kubelet(KubernetesClient client, CriClient cri, KubeletSettings settings, NodeStatusReporter nodeStatus,
                   NodeLeaseRenewer lease, PodWorkers workers, Runnable beforePods) {
        this.beforePods = beforePods;
        this.client = client;
        this.cri = cri;
        this.settings = settings;
        this.nodeStatus = nodeStatus;
        this.lease = lease;
        this.workers = workers;
    }

    public void start() {
        waitForRuntime();
        nodeStatus.register();
        heartbeats = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "kubelet-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        schedule(lease::renew, "lease", settings.leaseRenewPeriod());
        schedule(nodeStatus::report, "node_status", settings.statusUpdatePeriod());
        beforePods.run();
        pods = client.pods().inAnyNamespace().withField("spec.nodeName", settings.nodeName())
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        workers.update(pod);
                    }

                    @Override
                    public void onUpdate(Pod old, Pod pod) {
                        workers.update(pod);
                    }

                    @Override
                    public void onDelete(Pod pod, boolean finalStateUnknown) {
                        workers.remove(pod);
                    }
                }, 0);
        workers.start();
        log.info("event=kubelet_started node={} ip={} runtime={}", settings.nodeName(), settings.nodeIp(), cri.version().getRuntimeVersion());
    }

    private void schedule(Runnable task, String name, Duration period) {
        heartbeats.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("event={}_failed node={} error={}", name, settings.nodeName(), e.toString());
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void waitForRuntime() {
        RuntimeException last = null;
        for (int i = 0; i < 60; i++) {
            try {
                cri.version();
                return;
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("the container runtime does not answer: " + (last == null ? "" : last.getMessage()), last);
    }

    @Override
    public void close() {
        if (pods != null) {
            pods.close();
        }
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        workers.close();
    }
}
