package dev.capstan.node.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's pod workers: each pod is synced by at most one thread at a time (a change that arrives while it
 * syncs runs right after), pods in parallel. Every pod is also resynced each second — the runtime has no event
 * stream we subscribe to, so this relist is how exits are seen (upstream's generic PLEG relists each second too)
 * — and the runtime is swept for pods the API no longer has.
 */
public final class PodWorkers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PodWorkers.class);
    private static final Duration RESYNC = Duration.ofSeconds(1);
    private static final Duration ORPHAN_SWEEP = Duration.ofSeconds(10);
    /** How long a pod the API no longer has gets to stop (it was force-deleted; upstream uses its last grace). */
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(2);

    private final PodSyncer syncer;
    private final PodStatusGenerator statuses;
    private final PodStatusWriter writer;
    private final RuntimeState runtime;
    private final KubeletMetrics metrics;
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final Map<String, Boolean> busy = new ConcurrentHashMap<>();
    private final Set<String> again = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private final ScheduledExecutorService ticker;

    public PodWorkers(PodSyncer syncer, PodStatusGenerator statuses, PodStatusWriter writer, RuntimeState runtime,
                      KubeletMetrics metrics, int threads) {
        this.syncer = syncer;
        this.statuses = statuses;
        this.writer = writer;
        this.runtime = runtime;
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> daemon(r, "pod-worker-" + n.incrementAndGet()));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "pod-workers-resync"));
    }

    public void start() {
        ticker.scheduleWithFixedDelay(() -> pods.keySet().forEach(this::enqueue), RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::sweepOrphans, 0, ORPHAN_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The informer's latest view of a pod bound to this node. */
    public void update(Pod pod) {
        pods.put(pod.getMetadata().getUid(), pod);
        enqueue(pod.getMetadata().getUid());
    }

    /** The pod is gone from the API (deleted for good, or force-deleted): stop and remove what is left. */
    public void remove(Pod pod) {
        pods.remove(pod.getMetadata().getUid());
        enqueue(pod.getMetadata().getUid());
    }

    public int podCount() {
        return pods.size();
    }

    public void enqueue(String uid) {
        if (busy.putIfAbsent(uid, Boolean.TRUE) != null) {
            again.add(uid);
            return;
        }
        workers.execute(() -> run(uid));
    }

    private void run(String uid) {
        try {
            syncOne(uid);
        } catch (RuntimeException e) {
            log.warn("event=pod_sync_failed uid={} error={}", uid, e.toString());
        } finally {
            busy.remove(uid);
            if (again.remove(uid)) {
                enqueue(uid);
            }
        }
    }

    private void syncOne(String uid) {
        Pod pod = pods.get(uid);
        if (pod == null) {
            syncer.terminate(null, uid, ORPHAN_GRACE);
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            RuntimePod state = runtime.pod(uid);
            syncer.killRunning(pod, state, PodSyncer.gracePeriod(pod));
            PodStatus last = statuses.build(pod, runtime.pod(uid));
            writer.write(pod, last);
            syncer.terminate(pod, uid, Duration.ZERO);
            writer.confirmDeletion(pod);
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean terminal = "Succeeded".equals(phase) || "Failed".equals(phase);
        RuntimePod state = syncer.sync(pod, terminal);
        PodStatus status = statuses.build(pod, state);
        if (writer.write(pod, status)) {
            metrics.statusWritten(pod, status);
        }
    }

    private void sweepOrphans() {
        try {
            for (String uid : runtime.podUids()) {
                if (!pods.containsKey(uid)) {
                    enqueue(uid);
                }
            }
        } catch (RuntimeException e) {
            log.warn("event=orphan_sweep_failed error={}", e.toString());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }
}
