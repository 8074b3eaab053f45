package dev.capstan.node.kubelet;

import dev.capstan.node.cri.v1.ContainerState;
import dev.capstan.node.cri.v1.ContainerStatus;
import dev.capstan.node.cri.v1.PodSandboxState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.HostIPBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The status a kubelet reports for a pod, from its spec and what the runtime holds, as upstream's
 * {@code generateAPIPodStatus}/{@code getPhase}: phase, the conditions PodReadyToStartContainers, Initialized,
 * ContainersReady and Ready (transition times kept while a condition does not change), host and pod IPs, and
 * per container its state, last state, readiness, restart count, image and ids.
 */
public final class PodStatusGenerator {

    /** Upstream caps the termination message at 4 KiB per container. */
    private static final int MAX_MESSAGE_BYTES = 4096;

    private final ContainerWaits waits;
    private final ProbeResults probes;
    private final String hostIp;
    private final Clock clock;

    public PodStatusGenerator(ContainerWaits waits, ProbeResults probes, String hostIp, Clock clock) {
        this.waits = waits;
        this.probes = probes;
        this.hostIp = hostIp;
        this.clock = clock;
    }

    public PodStatus build(Pod pod, RuntimePod state) {
        PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String uid = pod.getMetadata().getUid();
        List<io.fabric8.kubernetes.api.model.ContainerStatus> inits = new ArrayList<>();
        boolean initialized = true;
        boolean initFailed = false;
        List<Container> initSpecs = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        for (Container init : initSpecs) {
            var status = containerStatus(uid, init, state, true);
            inits.add(status);
            boolean done = status.getState().getTerminated() != null && status.getState().getTerminated().getExitCode() == 0;
            if (!done) {
                initialized = false;
                if (status.getState().getTerminated() != null && "Never".equals(PodSyncer.restartPolicy(pod))) {
                    initFailed = true;
                }
            }
        }
        List<io.fabric8.kubernetes.api.model.ContainerStatus> apps = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            apps.add(containerStatus(uid, container, state, false));
        }
        String phase = phase(pod, apps, initialized, initFailed, old.getPhase());
        boolean sandboxReady = state.readySandbox().isPresent();
        boolean containersReady = apps.stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));
        boolean terminal = "Succeeded".equals(phase) || "Failed".equals(phase);
        String podIp = state.latestSandbox().filter(s -> s.hasNetwork() && !s.getNetwork().getIp().isEmpty())
                .map(s -> s.getNetwork().getIp()).orElse(old.getPodIP());
        if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            podIp = hostIp;
        }

        List<PodCondition> conditions = new ArrayList<>();
        if (old.getConditions() != null) {
            old.getConditions().stream().filter(c -> !ours(c.getType())).forEach(conditions::add);
        }
        conditions.add(condition(old, "PodReadyToStartContainers", sandboxReady && !terminal, null));
        conditions.add(condition(old, "Initialized", initialized, initialized ? null : "ContainersNotInitialized"));
        conditions.add(condition(old, "Ready", containersReady && !terminal && initialized,
                containersReady && !terminal ? null : terminal ? "PodCompleted" : "ContainersNotReady"));
        conditions.add(condition(old, "ContainersReady", containersReady && !terminal && initialized,
                containersReady && !terminal ? null : terminal ? "PodCompleted" : "ContainersNotReady"));

        var status = new io.fabric8.kubernetes.api.model.PodStatusBuilder(old)
                .withPhase(phase)
                .withConditions(conditions)
                .withHostIP(hostIp)
                .withHostIPs(new HostIPBuilder().withIp(hostIp).build())
                .withStartTime(old.getStartTime() != null ? old.getStartTime() : now())
                .withInitContainerStatuses(inits)
                .withContainerStatuses(apps);
        if (podIp != null && !podIp.isEmpty()) {
            status.withPodIP(podIp).withPodIPs(new PodIPBuilder().withIp(podIp).build());
        }
        return status.build();
    }

    private static boolean ours(String type) {
        return type.equals("PodReadyToStartContainers") || type.equals("Initialized") || type.equals("Ready")
                || type.equals("ContainersReady");
    }

    private PodCondition condition(PodStatus old, String type, boolean value, String reason) {
        String status = value ? "True" : "False";
        Optional<PodCondition> previous = old.getConditions() == null ? Optional.empty()
                : old.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
        String transition = previous.filter(c -> status.equals(c.getStatus())).map(PodCondition::getLastTransitionTime).orElse(now());
        return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(transition)
                .withReason(value ? null : reason).withLastProbeTime(null).build();
    }

    private io.fabric8.kubernetes.api.model.ContainerStatus containerStatus(String uid, Container spec, RuntimePod state, boolean init) {
        List<ContainerStatus> attempts = state.attempts(spec.getName());
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName(spec.getName()).withImage(spec.getImage())
                .withImageID("").withRestartCount(0).withReady(false).withStarted(false);
        ContainerWaits.Wait wait = waits.get(uid, spec.getName());
        if (attempts.isEmpty()) {
            status.withState(waiting(wait == null ? new ContainerWaits.Wait("ContainerCreating", null) : wait));
            return status.build();
        }
        ContainerStatus latest = attempts.get(0);
        status.withRestartCount(PodSyncer.restartCount(latest)).withContainerID("containerd://" + latest.getId())
                .withImageID(latest.getImageRef());
        if (latest.getState() == ContainerState.CONTAINER_RUNNING) {
            boolean started = probes.started(latest.getId());
            status.withState(new ContainerStateBuilder().withNewRunning().withStartedAt(time(latest.getStartedAt())).endRunning().build())
                    .withStarted(started)
                    .withReady(started && probes.ready(latest.getId()) && !init);
            if (attempts.size() > 1) {
                status.withLastState(terminated(attempts.get(1)));
            }
        } else if (latest.getState() == ContainerState.CONTAINER_EXITED || latest.getState() == ContainerState.CONTAINER_UNKNOWN) {
            if (wait != null && (wait.reason().equals("CrashLoopBackOff") || wait.reason().endsWith("ImagePull")
                    || wait.reason().equals("ImagePullBackOff") || wait.reason().startsWith("CreateContainer")
                    || wait.reason().equals("RunContainerError"))) {
                status.withState(waiting(wait)).withLastState(terminated(latest));
            } else {
                status.withState(terminated(latest));
                if (attempts.size() > 1) {
                    status.withLastState(terminated(attempts.get(1)));
                }
            }
        } else {
            status.withState(waiting(wait == null ? new ContainerWaits.Wait("ContainerCreating", null) : wait));
        }
        return status.build();
    }

    private static io.fabric8.kubernetes.api.model.ContainerState waiting(ContainerWaits.Wait wait) {
        return new ContainerStateBuilder().withNewWaiting().withReason(wait.reason()).withMessage(wait.message()).endWaiting().build();
    }

    private io.fabric8.kubernetes.api.model.ContainerState terminated(ContainerStatus exited) {
        String reason = exited.getReason().isEmpty() ? (exited.getExitCode() == 0 ? "Completed" : "Error") : exited.getReason();
        return new ContainerStateBuilder().withNewTerminated().withExitCode(exited.getExitCode()).withReason(reason)
                .withMessage(terminationMessage(exited))
                .withStartedAt(exited.getStartedAt() == 0 ? null : time(exited.getStartedAt()))
                .withFinishedAt(exited.getFinishedAt() == 0 ? null : time(exited.getFinishedAt()))
                .withContainerID("containerd://" + exited.getId()).endTerminated().build();
    }

    private static String terminationMessage(ContainerStatus exited) {
        String file = exited.getAnnotationsMap().get(RuntimeLabels.TERMINATION_MESSAGE_PATH);
        if (file != null) {
            try {
                byte[] bytes = Files.readAllBytes(Path.of(file));
                if (bytes.length > 0) {
                    return new String(bytes, 0, Math.min(bytes.length, MAX_MESSAGE_BYTES), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                // gone with the pod directory: no message
            }
        }
        return exited.getMessage().isEmpty() ? null : exited.getMessage();
    }

    /**
     * Upstream's {@code getPhase}: Pending while initializing or any container waits for its first start, Running
     * while one runs (or will be restarted), Succeeded when all exited 0, Failed when one failed and none restarts.
     */
    static String phase(Pod pod, List<io.fabric8.kubernetes.api.model.ContainerStatus> apps, boolean initialized,
                        boolean initFailed, String oldPhase) {
        if ("Succeeded".equals(oldPhase) || "Failed".equals(oldPhase)) {
            return oldPhase; // terminal phases never change
        }
        if (initFailed) {
            return "Failed";
        }
        if (!initialized) {
            return "Pending";
        }
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (var status : apps) {
            var state = status.getState();
            if (state.getRunning() != null) {
                running++;
            } else if (state.getTerminated() != null) {
                stopped++;
                if (state.getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (status.getLastState() != null && status.getLastState().getTerminated() != null) {
                stopped++;
            } else {
                waiting++;
            }
        }
        if (waiting > 0) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        if (stopped > 0) {
            String policy = PodSyncer.restartPolicy(pod);
            if ("Always".equals(policy)) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            return "Never".equals(policy) ? "Failed" : "Running";
        }
        return "Pending";
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String time(long nanos) {
        return Instant.ofEpochSecond(0, nanos).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static boolean sameStatus(PodStatus a, PodStatus b) {
        return Objects.equals(a, b);
    }
}
