package dev.capstan.node.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Upstream's probe manager: one worker per running container and probe kind, first run after
 * {@code initialDelaySeconds}, then every {@code periodSeconds}; a result flips after {@code successThreshold}
 * successes or {@code failureThreshold} failures in a row. Readiness starts false, startup false until it
 * succeeds (liveness and readiness wait for it), liveness "not failed". A flip asks for a pod sync, which kills
 * a container whose liveness failed and rewrites readiness in the status.
 */
public final class ProbeManager implements ProbeResults, AutoCloseable {

    enum Kind { LIVENESS, READINESS, STARTUP }

    private record Key(String containerId, Kind kind) {
    }

    private final class Worker implements Runnable {
        final Pod pod;
        final Container container;
        final String containerId;
        final Kind kind;
        final Probe probe;
        final String podIp;
        int successes;
        int failures;
        ScheduledFuture<?> future;

        Worker(Pod pod, Container container, String containerId, Kind kind, Probe probe, String podIp) {
            this.pod = pod;
            this.container = container;
            this.containerId = containerId;
            this.kind = kind;
            this.probe = probe;
            this.podIp = podIp;
        }

        @Override
        public void run() {
            if (kind != Kind.STARTUP && !started(containerId)) {
                return; // liveness and readiness wait until the startup probe succeeded
            }
            if (kind == Kind.STARTUP && Boolean.TRUE.equals(results.get(new Key(containerId, kind)))) {
                return; // a startup probe stops once it succeeded
            }
            Prober.Result result = prober.probe(probe, container, containerId, podIp);
            int successThreshold = probe.getSuccessThreshold() == null ? 1 : probe.getSuccessThreshold();
            int failureThreshold = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
            Key key = new Key(containerId, kind);
            Boolean before = results.get(key);
            if (result.success()) {
                failures = 0;
                successes++;
                if (successes >= successThreshold) {
                    results.put(key, true);
                }
            } else {
                successes = 0;
                failures++;
                if (kind != Kind.STARTUP || failures >= failureThreshold) {
                    events.warning(pod, container.getName(), "Unhealthy", name(kind) + " probe failed: " + result.message());
                }
                if (failures >= failureThreshold) {
                    results.put(key, false);
                }
            }
            if (!java.util.Objects.equals(before, results.get(key))) {
                changed.accept(pod.getMetadata().getUid());
            }
        }
    }

    private final Prober prober;
    private final PodEvents events;
    private final Map<Key, Boolean> results = new ConcurrentHashMap<>();
    private final Map<Key, Worker> workers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private volatile Consumer<String> changed = uid -> { };

    public ProbeManager(Prober prober, PodEvents events, int threads) {
        this.prober = prober;
        this.events = events;
        this.scheduler = Executors.newScheduledThreadPool(threads, r -> {
            Thread thread = new Thread(r, "prober");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Who to tell when a result flips (the pod workers). */
    public void onChange(Consumer<String> listener) {
        this.changed = listener;
    }

    /** Makes sure the running container's probes run (idempotent; called on every sync). */
    public void ensure(Pod pod, Container container, String containerId, String podIp) {
        add(pod, container, containerId, Kind.STARTUP, container.getStartupProbe(), podIp);
        add(pod, container, containerId, Kind.READINESS, container.getReadinessProbe(), podIp);
        add(pod, container, containerId, Kind.LIVENESS, container.getLivenessProbe(), podIp);
    }

    private void add(Pod pod, Container container, String containerId, Kind kind, Probe probe, String podIp) {
        if (probe == null) {
            return;
        }
        workers.computeIfAbsent(new Key(containerId, kind), key -> {
            Worker worker = new Worker(pod, container, containerId, kind, probe, podIp);
            long delay = probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds();
            long period = probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
            worker.future = scheduler.scheduleWithFixedDelay(worker, delay * 1000, period * 1000, TimeUnit.MILLISECONDS);
            return worker;
        });
    }

    /** Stops the probes of containers that are no longer running. */
    public void remove(String containerId) {
        for (Kind kind : Kind.values()) {
            Worker worker = workers.remove(new Key(containerId, kind));
            if (worker != null) {
                worker.future.cancel(false);
            }
            results.remove(new Key(containerId, kind));
        }
    }

    private boolean has(String containerId, Kind kind) {
        return workers.containsKey(new Key(containerId, kind));
    }

    @Override
    public boolean ready(String containerId) {
        return !has(containerId, Kind.READINESS) || Boolean.TRUE.equals(results.get(new Key(containerId, Kind.READINESS)));
    }

    @Override
    public boolean started(String containerId) {
        return !has(containerId, Kind.STARTUP) || Boolean.TRUE.equals(results.get(new Key(containerId, Kind.STARTUP)));
    }

    @Override
    public boolean livenessFailed(String containerId) {
        return Boolean.FALSE.equals(results.get(new Key(containerId, Kind.LIVENESS)))
                || (has(containerId, Kind.STARTUP) && Boolean.FALSE.equals(results.get(new Key(containerId, Kind.STARTUP))));
    }

    private static String name(Kind kind) {
        return switch (kind) {
            case LIVENESS -> "Liveness";
            case READINESS -> "Readiness";
            case STARTUP -> "Startup";
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

}
