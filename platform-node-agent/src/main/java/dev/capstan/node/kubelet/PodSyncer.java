package dev.capstan.node.kubelet;

import dev.capstan.node.cri.CriClient;
import dev.capstan.node.cri.CriException;
import dev.capstan.node.cri.v1.ContainerState;
import dev.capstan.node.cri.v1.ContainerStatus;
import dev.capstan.node.cri.v1.PodSandboxConfig;
import dev.capstan.node.cri.v1.PodSandboxState;
import dev.capstan.node.cri.v1.PodSandboxStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one pod's runtime state towards its spec, as upstream's {@code SyncPod}/{@code computePodActions}: a
 * ready sandbox (a new one when it died), init containers one at a time in order, then every app container;
 * exited containers restarted per {@code restartPolicy} with the crash-loop backoff (first restart at once, then
 * 10 s doubling to 5 min); a container whose spec changed or whose liveness probe failed is killed and started
 * again. Level-based: each call looks at the runtime afresh and does the next steps, so calling it again after a
 * failure or an agent restart continues where things are.
 */
public final class PodSyncer {

    private static final Logger log = LoggerFactory.getLogger(PodSyncer.class);
    /** Upstream keeps one dead attempt per container beyond the newest (for --previous and lastState). */
    private static final int KEPT_ATTEMPTS = 2;

    private final CriClient cri;
    private final RuntimeState runtime;
    private final SandboxConfigs sandboxes;
    private final ContainerConfigs containers;
    private final PodVolumes volumes;
    private final ImagePuller images;
    private final PodEvents events;
    private final ProbeManager probes;
    private final ContainerWaits waits;
    private final Backoff crashBackoff;
    private final java.util.Map<String, Instant> lastSandboxFailure = new java.util.concurrent.ConcurrentHashMap<>();
    private final KubeletSettings settings;
    private final Clock clock;

    public PodSyncer(CriClient cri, RuntimeState runtime, SandboxConfigs sandboxes, ContainerConfigs containers,
                     PodVolumes volumes, ImagePuller images, PodEvents events, ProbeManager probes, ContainerWaits waits,
                     KubeletSettings settings, Clock clock) {
        this.cri = cri;
        this.runtime = runtime;
        this.sandboxes = sandboxes;
        this.containers = containers;
        this.volumes = volumes;
        this.images = images;
        this.events = events;
        this.probes = probes;
        this.waits = waits;
        this.settings = settings;
        this.clock = clock;
        this.crashBackoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), clock);
    }

    /** Runs what the pod needs next; returns the runtime state afterwards (for the status). */
    public RuntimePod sync(Pod pod, boolean terminal) {
        String uid = pod.getMetadata().getUid();
        RuntimePod state = runtime.pod(uid);
        if (terminal) {
            // A finished pod keeps its exited containers (logs, status) but not its sandbox.
            stopSandboxes(state);
            return runtime.pod(uid);
        }
        Optional<PodSandboxStatus> ready = state.readySandbox();
        if (ready.isEmpty()) {
            if (!state.sandboxes().isEmpty() && neverRestarts(pod) && anyExited(state)) {
                return state; // upstream: a pod that will not restart is not given a new sandbox
            }
            killRunning(pod, state, Duration.ZERO);
            String key = uid + "/sandbox";
            if (lastSandboxFailure.containsKey(key) && crashBackoff.inBackoffSince(key, lastSandboxFailure.get(key))) {
                return state; // a sandbox that just failed to start is retried after a backoff, not every second
            }
            try {
                ready = Optional.of(createSandbox(pod, state));
                lastSandboxFailure.remove(key);
                crashBackoff.reset(key);
            } catch (CriException e) {
                lastSandboxFailure.put(key, clock.instant());
                crashBackoff.next(key);
                throw e;
            }
            state = runtime.pod(uid);
        }
        PodSandboxStatus sandbox = ready.get();
        PodSandboxConfig sandboxConfig = sandboxes.forPod(pod, (int) sandbox.getMetadata().getAttempt());
        String podIp = sandbox.hasNetwork() ? sandbox.getNetwork().getIp() : "";
        Map<String, Path> podVolumes;
        try {
            podVolumes = volumes.prepare(pod, podIp, settings.nodeIp());
        } catch (ConfigError e) {
            for (Container container : pod.getSpec().getContainers()) {
                if (state.latest(container.getName()).isEmpty()) {
                    waits.set(uid, container.getName(), "CreateContainerConfigError", e.getMessage());
                }
            }
            events.warning(pod, null, "FailedMount", e.getMessage());
            return state;
        }
        Context context = new Context(pod, sandbox.getId(), sandboxConfig, podVolumes, podIp);
        boolean initialized = syncInitContainers(context, state);
        if (initialized) {
            for (Container container : pod.getSpec().getContainers()) {
                syncContainer(context, state, container, false);
            }
        }
        RuntimePod after = runtime.pod(uid);
        removeOldAttempts(after);
        followProbes(pod, after, podIp);
        return after;
    }

    /** Probes run for running containers only; an exited attempt's probes stop with it. */
    private void followProbes(Pod pod, RuntimePod state, String podIp) {
        for (ContainerStatus container : state.containers()) {
            Container spec = findContainer(pod, container.getMetadata().getName());
            boolean init = "true".equals(container.getAnnotationsMap().get(RuntimeLabels.INIT_CONTAINER));
            if (container.getState() == ContainerState.CONTAINER_RUNNING && spec != null && !init) {
                probes.ensure(pod, spec, container.getId(), podIp);
            } else {
                probes.remove(container.getId());
            }
        }
    }

    private record Context(Pod pod, String sandboxId, PodSandboxConfig sandboxConfig, Map<String, Path> volumes, String podIp) {
    }

    /** Init containers one at a time, in order; true once all of them exited 0. */
    private boolean syncInitContainers(Context context, RuntimePod state) {
        List<Container> inits = context.pod().getSpec().getInitContainers();
        if (inits == null) {
            return true;
        }
        for (Container init : inits) {
            Optional<ContainerStatus> latest = state.latest(init.getName());
            if (latest.isPresent() && latest.get().getState() == ContainerState.CONTAINER_EXITED && latest.get().getExitCode() == 0) {
                continue;
            }
            syncContainer(context, state, init, true);
            return false;
        }
        return true;
    }

    private void syncContainer(Context context, RuntimePod state, Container container, boolean init) {
        Pod pod = context.pod();
        String uid = pod.getMetadata().getUid();
        Optional<ContainerStatus> latest = state.latest(container.getName());
        if (latest.isEmpty()) {
            start(context, container, init, 0);
            return;
        }
        ContainerStatus current = latest.get();
        int restartCount = restartCount(current);
        switch (current.getState()) {
            case CONTAINER_RUNNING -> {
                String hash = current.getAnnotationsMap().get(RuntimeLabels.CONTAINER_HASH);
                if (hash != null && !hash.equals(ContainerConfigs.hash(container))) {
                    events.normal(pod, container.getName(), "Killing", "Container " + container.getName()
                            + " definition changed, will be restarted");
                    kill(pod, current, gracePeriod(pod));
                    start(context, container, init, restartCount + 1);
                } else if (probes.livenessFailed(current.getId())) {
                    events.normal(pod, container.getName(), "Killing", "Container " + container.getName()
                            + " failed liveness probe, will be restarted");
                    kill(pod, current, gracePeriod(pod));
                    restartAfterExit(context, container, init, runtime.pod(uid).latest(container.getName()).orElse(current));
                } else {
                    waits.clear(uid, container.getName());
                }
            }
            case CONTAINER_CREATED -> {
                // Created but never started (the agent stopped in between): start it now.
                try {
                    cri.startContainer(current.getId());
                    events.normal(pod, container.getName(), "Started", "Started container " + container.getName());
                } catch (CriException e) {
                    waits.set(uid, container.getName(), "RunContainerError", e.runtimeMessage());
                    removeQuietly(current.getId());
                }
            }
            case CONTAINER_EXITED, CONTAINER_UNKNOWN -> restartAfterExit(context, container, init, current);
            default -> {
            }
        }
    }

    private void restartAfterExit(Context context, Container container, boolean init, ContainerStatus exited) {
        Pod pod = context.pod();
        String uid = pod.getMetadata().getUid();
        String policy = restartPolicy(pod);
        boolean failed = exited.getExitCode() != 0 || exited.getState() == ContainerState.CONTAINER_UNKNOWN;
        boolean restart = "Always".equals(policy) || ("OnFailure".equals(policy) && failed) || (init && failed && !"Never".equals(policy));
        if (!restart) {
            waits.clear(uid, container.getName());
            return;
        }
        String key = uid + "/" + container.getName();
        Instant finished = Instant.ofEpochSecond(0, exited.getFinishedAt());
        if (crashBackoff.inBackoffSince(key, finished)) {
            String message = "back-off " + format(crashBackoff.delay(key)) + " restarting failed container=" + container.getName()
                    + " pod=" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + uid + ")";
            if (waits.get(uid, container.getName()) == null || !"CrashLoopBackOff".equals(waits.get(uid, container.getName()).reason())) {
                events.warning(pod, container.getName(), "BackOff", "Back-off restarting failed container " + container.getName()
                        + " in pod " + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + uid + ")");
            }
            waits.set(uid, container.getName(), "CrashLoopBackOff", message);
            return;
        }
        crashBackoff.next(key);
        start(context, container, init, restartCount(exited) + 1);
    }

    private void start(Context context, Container container, boolean init, int restartCount) {
        Pod pod = context.pod();
        String uid = pod.getMetadata().getUid();
        try {
            images.ensure(pod, container, context.sandboxConfig());
        } catch (ImagePuller.PullFailure e) {
            waits.set(uid, container.getName(), e.reason(), e.getMessage());
            return;
        } catch (CriException e) {
            waits.set(uid, container.getName(), "ErrImagePull", e.runtimeMessage());
            return;
        }
        String id;
        try {
            var config = containers.build(pod, container, init, restartCount, context.volumes(), volumes.podDir(uid),
                    context.podIp(), settings.nodeIp());
            Files.createDirectories(Path.of(context.sandboxConfig().getLogDirectory()).resolve(container.getName()));
            id = cri.createContainer(context.sandboxId(), config, context.sandboxConfig());
        } catch (ConfigError e) {
            waits.set(uid, container.getName(), "CreateContainerConfigError", e.getMessage());
            events.warning(pod, container.getName(), "Failed", "Error: " + e.getMessage());
            return;
        } catch (CriException e) {
            waits.set(uid, container.getName(), "CreateContainerError", e.runtimeMessage());
            events.warning(pod, container.getName(), "Failed", "Error: " + e.runtimeMessage());
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        events.normal(pod, container.getName(), "Created", "Created container " + container.getName());
        try {
            cri.startContainer(id);
        } catch (CriException e) {
            // The container exists but did not start (bad command, ...): it shows as terminated with the runtime's
            // reason, and the restart policy and backoff take it from there.
            waits.set(uid, container.getName(), "RunContainerError", e.runtimeMessage());
            events.warning(pod, container.getName(), "Failed", "Error: " + e.runtimeMessage());
            return;
        }
        waits.clear(uid, container.getName());
        events.normal(pod, container.getName(), "Started", "Started container " + container.getName());
        runPostStart(pod, container, id);
    }

    private void runPostStart(Pod pod, Container container, String id) {
        if (container.getLifecycle() == null || container.getLifecycle().getPostStart() == null
                || container.getLifecycle().getPostStart().getExec() == null) {
            return;
        }
        try {
            var result = cri.execSync(id, container.getLifecycle().getPostStart().getExec().getCommand(), Duration.ofSeconds(30));
            if (result.getExitCode() != 0) {
                events.warning(pod, container.getName(), "FailedPostStartHook", "PostStartHook failed");
                kill(pod, cri.containerStatus(id), Duration.ZERO);
            }
        } catch (CriException e) {
            events.warning(pod, container.getName(), "FailedPostStartHook", e.runtimeMessage());
        }
    }

    private PodSandboxStatus createSandbox(Pod pod, RuntimePod state) {
        int attempt = state.sandboxes().size();
        for (PodSandboxStatus old : state.sandboxes()) {
            stopQuietly(old);
        }
        PodSandboxConfig config = sandboxes.forPod(pod, attempt);
        try {
            Files.createDirectories(Path.of(config.getLogDirectory()));
            Files.createDirectories(volumes.podDir(pod.getMetadata().getUid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id;
        try {
            id = cri.runPodSandbox(config);
        } catch (CriException e) {
            events.warning(pod, null, "FailedCreatePodSandBox", "Failed to create pod sandbox: " + e.runtimeMessage());
            throw e;
        }
        if (attempt > 0) {
            events.normal(pod, null, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
        }
        return cri.podSandboxStatus(id);
    }

    /**
     * Stops every container (preStop hooks first, then SIGTERM and SIGKILL after {@code grace}) and the sandbox,
     * then removes them and the pod's volumes. Returns when the runtime holds nothing of the pod.
     */
    public void terminate(Pod pod, String uid, Duration grace) {
        RuntimePod state = runtime.pod(uid);
        if (pod != null) {
            killRunning(pod, state, grace);
        } else {
            state.running().forEach(c -> stopQuietly(c.getId(), grace));
        }
        state = runtime.pod(uid);
        stopSandboxes(state);
        for (ContainerStatus container : state.containers()) {
            probes.remove(container.getId());
            removeQuietly(container.getId());
        }
        for (PodSandboxStatus sandbox : state.sandboxes()) {
            try {
                cri.removePodSandbox(sandbox.getId());
            } catch (CriException e) {
                if (!e.notFound()) {
                    throw e;
                }
            }
        }
        volumes.remove(uid);
        forget(uid);
    }

    /** Stops the pod's containers but keeps them (a pod that finished or is being deleted). */
    public void killRunning(Pod pod, RuntimePod state, Duration grace) {
        List<Thread> stopping = new ArrayList<>();
        for (ContainerStatus running : state.running()) {
            // In parallel: every container gets the whole grace period, as upstream.
            Thread thread = new Thread(() -> kill(pod, running, grace), "kill-" + running.getMetadata().getName());
            thread.setDaemon(true);
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void kill(Pod pod, ContainerStatus container, Duration grace) {
        String name = container.getMetadata().getName();
        Container spec = findContainer(pod, name);
        Instant deadline = clock.instant().plus(grace);
        if (spec != null && spec.getLifecycle() != null && spec.getLifecycle().getPreStop() != null
                && spec.getLifecycle().getPreStop().getExec() != null && !grace.isZero()) {
            try {
                cri.execSync(container.getId(), spec.getLifecycle().getPreStop().getExec().getCommand(), grace);
            } catch (CriException e) {
                events.warning(pod, name, "FailedPreStopHook", "PreStopHook failed: " + e.runtimeMessage());
            }
        }
        Duration left = Duration.between(clock.instant(), deadline);
        events.normal(pod, name, "Killing", "Stopping container " + name);
        stopQuietly(container.getId(), left.isNegative() ? Duration.ZERO : left);
    }

    private void stopSandboxes(RuntimePod state) {
        for (PodSandboxStatus sandbox : state.sandboxes()) {
            if (sandbox.getState() == PodSandboxState.SANDBOX_READY) {
                stopQuietly(sandbox);
            }
        }
    }

    private void stopQuietly(PodSandboxStatus sandbox) {
        try {
            cri.stopPodSandbox(sandbox.getId());
        } catch (CriException e) {
            if (!e.notFound()) {
                log.warn("event=stop_sandbox_failed sandbox={} error={}", sandbox.getId(), e.getMessage());
            }
        }
    }

    private void stopQuietly(String containerId, Duration grace) {
        try {
            cri.stopContainer(containerId, grace);
        } catch (CriException e) {
            if (!e.notFound()) {
                log.warn("event=stop_container_failed container={} error={}", containerId, e.getMessage());
            }
        }
    }

    private void removeQuietly(String containerId) {
        try {
            cri.removeContainer(containerId);
        } catch (CriException e) {
            if (!e.notFound()) {
                log.warn("event=remove_container_failed container={} error={}", containerId, e.getMessage());
            }
        }
    }

    private void removeOldAttempts(RuntimePod state) {
        state.containers().stream().map(c -> c.getMetadata().getName()).distinct().forEach(name -> {
            List<ContainerStatus> attempts = state.attempts(name);
            for (int i = KEPT_ATTEMPTS; i < attempts.size(); i++) {
                if (attempts.get(i).getState() != ContainerState.CONTAINER_RUNNING) {
                    removeQuietly(attempts.get(i).getId());
                }
            }
        });
    }

    public void forget(String uid) {
        crashBackoff.forgetPrefix(uid + "/");
        lastSandboxFailure.remove(uid + "/sandbox");
        images.forget(uid);
        waits.forget(uid);
    }

    static int restartCount(ContainerStatus status) {
        try {
            return Integer.parseInt(status.getAnnotationsMap().getOrDefault(RuntimeLabels.RESTART_COUNT, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String restartPolicy(Pod pod) {
        return pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    }

    private static boolean neverRestarts(Pod pod) {
        return "Never".equals(restartPolicy(pod));
    }

    private static boolean anyExited(RuntimePod state) {
        return state.containers().stream().anyMatch(c -> c.getState() == ContainerState.CONTAINER_EXITED);
    }

    static Duration gracePeriod(Pod pod) {
        Long deletion = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (deletion != null) {
            return Duration.ofSeconds(deletion);
        }
        return Duration.ofSeconds(ContainerConfigs.gracePeriod(pod));
    }

    static Container findContainer(Pod pod, String name) {
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        if (pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                if (c.getName().equals(name)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Upstream prints Go durations: 10s, 20s, 40s, 1m20s, 2m40s, 5m0s. */
    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
    }
}
