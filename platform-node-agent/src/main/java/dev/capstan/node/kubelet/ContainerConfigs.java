package dev.capstan.node.kubelet;

import dev.capstan.node.cri.v1.Capability;
import dev.capstan.node.cri.v1.ContainerConfig;
import dev.capstan.node.cri.v1.ContainerMetadata;
import dev.capstan.node.cri.v1.ImageSpec;
import dev.capstan.node.cri.v1.Int64Value;
import dev.capstan.node.cri.v1.KeyValue;
import dev.capstan.node.cri.v1.LinuxContainerConfig;
import dev.capstan.node.cri.v1.LinuxContainerResources;
import dev.capstan.node.cri.v1.LinuxContainerSecurityContext;
import dev.capstan.node.cri.v1.Mount;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A CRI container from a pod's container spec, as upstream's {@code generateContainerConfig}: image,
 * command/args with {@code $(VAR)} expansion, environment, volume mounts, the termination-message file,
 * resources as cgroup settings, the security context, the log path {@code <container>/<restartCount>.log}
 * under the sandbox's log directory, and the labels that identify it after an agent restart.
 */
public final class ContainerConfigs {

    /** Upstream's {@code quotaPeriod}: 100 ms CFS periods. */
    static final long CPU_PERIOD = 100_000;
    private static final long MIN_SHARES = 2;
    private static final long MIN_QUOTA = 1000;
    /** Upstream's default masked and read-only paths (securitycontext.DefaultProcMount). */
    static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private final EnvResolver env;
    private final long nodeMemoryBytes;

    public ContainerConfigs(EnvResolver env, long nodeMemoryBytes) {
        this.env = env;
        this.nodeMemoryBytes = nodeMemoryBytes;
    }

    /** What changes in a container spec restarts the container (upstream's container hash; only image is mutable). */
    public static String hash(Container container) {
        return Integer.toHexString(Serialization.asJson(container).hashCode());
    }

    public ContainerConfig build(Pod pod, Container container, boolean init, int restartCount, Map<String, Path> volumes,
                                 Path podDir, String podIp, String hostIp) {
        Map<String, String> variables = env.environment(pod, container, podIp, hostIp);
        ContainerConfig.Builder config = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(container.getName()).setAttempt(restartCount))
                .setImage(ImageSpec.newBuilder().setImage(container.getImage()))
                .setLogPath(container.getName() + "/" + restartCount + ".log")
                .setStdin(Boolean.TRUE.equals(container.getStdin()))
                .setStdinOnce(Boolean.TRUE.equals(container.getStdinOnce()))
                .setTty(Boolean.TRUE.equals(container.getTty()))
                .putLabels(RuntimeLabels.POD_NAME, pod.getMetadata().getName())
                .putLabels(RuntimeLabels.POD_NAMESPACE, pod.getMetadata().getNamespace())
                .putLabels(RuntimeLabels.POD_UID, pod.getMetadata().getUid())
                .putLabels(RuntimeLabels.CONTAINER_NAME, container.getName())
                .putLabels(RuntimeLabels.MANAGED_BY, RuntimeLabels.MANAGER)
                .putAnnotations(RuntimeLabels.RESTART_COUNT, Integer.toString(restartCount))
                .putAnnotations(RuntimeLabels.CONTAINER_HASH, hash(container))
                .putAnnotations(RuntimeLabels.GRACE_PERIOD, Long.toString(gracePeriod(pod)))
                .putAnnotations(RuntimeLabels.INIT_CONTAINER, Boolean.toString(init));
        if (container.getWorkingDir() != null) {
            config.setWorkingDir(container.getWorkingDir());
        }
        if (container.getCommand() != null) {
            container.getCommand().forEach(c -> config.addCommand(VariableExpansion.expand(c, variables)));
        }
        if (container.getArgs() != null) {
            container.getArgs().forEach(a -> config.addArgs(VariableExpansion.expand(a, variables)));
        }
        variables.forEach((k, v) -> config.addEnvs(KeyValue.newBuilder().setKey(k).setValue(v)));
        for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
            Path host = volumes.get(mount.getName());
            if (host == null) {
                throw new ConfigError("cannot find volume \"" + mount.getName() + "\" to mount into container \"" + container.getName() + "\"");
            }
            if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                host = subPath(host, mount.getSubPath());
            }
            config.addMounts(Mount.newBuilder().setContainerPath(mount.getMountPath()).setHostPath(host.toString())
                    .setReadonly(Boolean.TRUE.equals(mount.getReadOnly())));
        }
        String messagePath = container.getTerminationMessagePath() == null ? "/dev/termination-log" : container.getTerminationMessagePath();
        Path messageFile = terminationMessageFile(podDir, container.getName(), restartCount);
        config.addMounts(Mount.newBuilder().setContainerPath(messagePath).setHostPath(messageFile.toString()));
        config.putAnnotations(RuntimeLabels.TERMINATION_MESSAGE_PATH, messageFile.toString());
        config.setLinux(LinuxContainerConfig.newBuilder().setResources(resources(pod, container))
                .setSecurityContext(security(pod, container)));
        return config.build();
    }

    static long gracePeriod(Pod pod) {
        Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
        return grace == null ? 30 : grace;
    }

    /** The file mounted at the container's terminationMessagePath, read back when it terminates. */
    static Path terminationMessageFile(Path podDir, String container, int restartCount) {
        Path file = podDir.resolve("containers").resolve(container).resolve("termination-" + restartCount);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
                PodVolumes.setMode(file, 0666);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static Path subPath(Path volume, String subPath) {
        Path path = volume.resolve(subPath).normalize();
        if (!path.startsWith(volume)) {
            throw new ConfigError("subPath \"" + subPath + "\" leaves its volume");
        }
        try {
            if (!Files.exists(path)) {
                Files.createDirectories(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    LinuxContainerResources resources(Pod pod, Container container) {
        Map<String, Quantity> requests = container.getResources() == null || container.getResources().getRequests() == null
                ? Map.of() : container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources() == null || container.getResources().getLimits() == null
                ? Map.of() : container.getResources().getLimits();
        LinuxContainerResources.Builder resources = LinuxContainerResources.newBuilder();
        Quantity cpuRequest = requests.getOrDefault("cpu", limits.get("cpu"));
        long milliCpu = cpuRequest == null ? 0 : milli(cpuRequest);
        resources.setCpuShares(Math.max(MIN_SHARES, milliCpu * 1024 / 1000));
        if (limits.containsKey("cpu")) {
            resources.setCpuPeriod(CPU_PERIOD);
            resources.setCpuQuota(Math.max(MIN_QUOTA, milli(limits.get("cpu")) * CPU_PERIOD / 1000));
        }
        if (limits.containsKey("memory")) {
            resources.setMemoryLimitInBytes(limits.get("memory").getNumericalAmount().longValue());
        }
        resources.setOomScoreAdj(oomScoreAdjust(pod, container));
        return resources.build();
    }

    /** Upstream's {@code GetContainerOOMScoreAdjust}: Guaranteed -997, BestEffort 1000, Burstable by memory request share. */
    long oomScoreAdjust(Pod pod, Container container) {
        String qos = pod.getStatus() == null || pod.getStatus().getQosClass() == null ? "BestEffort" : pod.getStatus().getQosClass();
        if ("Guaranteed".equals(qos)) {
            return -997;
        }
        if ("BestEffort".equals(qos)) {
            return 1000;
        }
        Quantity memory = container.getResources() == null || container.getResources().getRequests() == null ? null
                : container.getResources().getRequests().get("memory");
        long request = memory == null ? 0 : memory.getNumericalAmount().longValue();
        long score = 1000 - (1000 * request) / Math.max(1, nodeMemoryBytes);
        return Math.max(2, Math.min(999, score));
    }

    private static long milli(Quantity quantity) {
        return quantity.getNumericalAmount().multiply(BigDecimal.valueOf(1000)).longValue();
    }

    private static LinuxContainerSecurityContext security(Pod pod, Container container) {
        LinuxContainerSecurityContext.Builder security = LinuxContainerSecurityContext.newBuilder();
        SecurityContext context = container.getSecurityContext();
        var podContext = pod.getSpec().getSecurityContext();
        Long user = context != null && context.getRunAsUser() != null ? context.getRunAsUser()
                : podContext == null ? null : podContext.getRunAsUser();
        Long group = context != null && context.getRunAsGroup() != null ? context.getRunAsGroup()
                : podContext == null ? null : podContext.getRunAsGroup();
        if (user != null) {
            security.setRunAsUser(Int64Value.newBuilder().setValue(user));
        }
        if (group != null) {
            security.setRunAsGroup(Int64Value.newBuilder().setValue(group));
        }
        if (podContext != null && podContext.getSupplementalGroups() != null) {
            security.addAllSupplementalGroups(podContext.getSupplementalGroups());
        }
        boolean privileged = context != null && Boolean.TRUE.equals(context.getPrivileged());
        security.setPrivileged(privileged);
        if (context != null) {
            security.setReadonlyRootfs(Boolean.TRUE.equals(context.getReadOnlyRootFilesystem()));
            security.setNoNewPrivs(Boolean.FALSE.equals(context.getAllowPrivilegeEscalation()));
            if (context.getCapabilities() != null) {
                Capability.Builder capabilities = Capability.newBuilder();
                if (context.getCapabilities().getAdd() != null) {
                    context.getCapabilities().getAdd().forEach(c -> capabilities.addAddCapabilities(c));
                }
                if (context.getCapabilities().getDrop() != null) {
                    context.getCapabilities().getDrop().forEach(c -> capabilities.addDropCapabilities(c));
                }
                security.setCapabilities(capabilities);
            }
        }
        if (!privileged) {
            security.addAllMaskedPaths(MASKED_PATHS).addAllReadonlyPaths(READONLY_PATHS);
        }
        return security.build();
    }
}
