package dev.capstan.node.stats;

import dev.capstan.node.cri.v1.ContainerFilter;
import dev.capstan.node.cri.v1.ContainerState;
import dev.capstan.node.cri.v1.ContainerStateValue;
import dev.capstan.node.cri.v1.ContainerStatus;
import dev.capstan.node.cri.v1.ContainerStatusRequest;
import dev.capstan.node.cri.v1.ContainerStatusResponse;
import dev.capstan.node.cri.v1.ListContainersRequest;
import dev.capstan.node.cri.v1.ListPodSandboxRequest;
import dev.capstan.node.cri.v1.PodSandbox;
import dev.capstan.node.cri.v1.PodSandboxFilter;
import dev.capstan.node.cri.v1.PodSandboxState;
import dev.capstan.node.cri.v1.PodSandboxStateValue;
import dev.capstan.node.cri.v1.PodSandboxStatusRequest;
import dev.capstan.node.cri.v1.PodSandboxStatusResponse;
import dev.capstan.node.cri.v1.RuntimeServiceGrpc;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the node's pods' usage from cgroups, finding each container's cgroup through containerd: the CRI's
 * verbose status carries the container's (and the sandbox's) init pid, whose {@code /proc/<pid>/cgroup} names
 * the cgroup under either cgroup driver. Pods and containers come from the labels upstream's kubelet puts on CRI
 * objects. A container that cannot be read (it exited meanwhile, the runtime refused) is left out and marks the
 * result {@link NodeUsage#failed()}. Blocking (one CRI round trip per container); thread-safe.
 */
public final class CriUsageReader {

    private static final Logger log = LoggerFactory.getLogger(CriUsageReader.class);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final long CRI_TIMEOUT_SECONDS = 10;

    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;
    private final Cgroups cgroups;
    private final Clock clock;

    public CriUsageReader(RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime, Cgroups cgroups, Clock clock) {
        this.runtime = runtime;
        this.cgroups = cgroups;
        this.clock = clock;
    }

    public CriUsageReader(RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime) {
        this(runtime, Cgroups.host(), Clock.systemUTC());
    }

    /** Reads the node and every pod with a ready sandbox now. */
    public NodeUsage read() {
        Instant now = clock.instant();
        boolean failed = false;
        CgroupStats node;
        try {
            node = cgroups.node();
        } catch (RuntimeException e) {
            log.warn("node usage unreadable error={}", e.toString());
            node = null;
            failed = true;
        }
        List<PodSandbox> sandboxes = rt().listPodSandbox(ListPodSandboxRequest.newBuilder().setFilter(
                PodSandboxFilter.newBuilder().setState(PodSandboxStateValue.newBuilder()
                        .setState(PodSandboxState.SANDBOX_READY))).build()).getItemsList();
        Map<String, List<ContainerUsage>> bySandbox = new LinkedHashMap<>();
        for (PodSandbox sandbox : sandboxes) {
            bySandbox.put(sandbox.getId(), new ArrayList<>());
        }
        for (var container : rt().listContainers(ListContainersRequest.newBuilder().setFilter(ContainerFilter
                .newBuilder().setState(ContainerStateValue.newBuilder().setState(ContainerState.CONTAINER_RUNNING)))
                .build()).getContainersList()) {
            List<ContainerUsage> members = bySandbox.get(container.getPodSandboxId());
            if (members == null) {
                continue;
            }
            try {
                container(container.getId()).ifPresent(members::add);
            } catch (RuntimeException e) {
                log.warn("container usage unreadable container={} error={}", container.getId(), e.toString());
                failed = true;
            }
        }
        List<PodUsage> pods = new ArrayList<>();
        for (PodSandbox sandbox : sandboxes) {
            List<ContainerUsage> members = bySandbox.get(sandbox.getId());
            try {
                sandbox(sandbox).ifPresent(members::add);
            } catch (RuntimeException e) {
                log.warn("sandbox usage unreadable sandbox={} error={}", sandbox.getId(), e.toString());
                failed = true;
            }
            pods.add(pod(sandbox.getMetadata().getNamespace(), sandbox.getMetadata().getName(), members));
        }
        return new NodeUsage(now, node, pods, failed);
    }

    private Optional<ContainerUsage> container(String id) {
        ContainerStatusResponse response = rt().containerStatus(
                ContainerStatusRequest.newBuilder().setContainerId(id).setVerbose(true).build());
        ContainerStatus status = response.getStatus();
        return usage(response.getInfoOrDefault("info", "{}"),
                status.getLabelsOrDefault("io.kubernetes.container.name", status.getMetadata().getName()),
                id, status.getImage().getImage(), nanosToInstant(status.getStartedAt()));
    }

    private Optional<ContainerUsage> sandbox(PodSandbox sandbox) {
        PodSandboxStatusResponse response = rt().podSandboxStatus(
                PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandbox.getId()).setVerbose(true).build());
        String info = response.getInfoOrDefault("info", "{}");
        return usage(info, ContainerUsage.SANDBOX_NAME, sandbox.getId(), JSON.readTree(info).path("image").asString(""),
                nanosToInstant(sandbox.getCreatedAt()));
    }

    /** containerd's verbose info is JSON whose top-level "pid" is the task's init process. */
    private Optional<ContainerUsage> usage(String info, String name, String id, String image, Instant startedAt) {
        JsonNode pid = JSON.readTree(info).path("pid");
        if (!pid.canConvertToLong() || pid.asLong() <= 0) {
            return Optional.empty();
        }
        return cgroups.cgroupOf(pid.asLong()).flatMap(cgroup -> cgroups.read(cgroup)
                .map(stats -> new ContainerUsage(name, id, image, cgroup, startedAt, stats)));
    }

    /**
     * The kubelet puts each pod's containers under a pod cgroup ({@code .../pod<uid>} with cgroupfs,
     * {@code ...-pod<uid>.slice} with systemd); that cgroup also holds exited containers' CPU time, so it is the
     * pod's figure when every member shares it. Without one (no cgroup parent given) the members are summed.
     */
    private PodUsage pod(String namespace, String name, List<ContainerUsage> members) {
        Optional<String> parent = commonParent(members).filter(p -> {
            String base = p.substring(p.lastIndexOf('/') + 1);
            return base.startsWith("pod") || base.contains("-pod");
        });
        Optional<CgroupStats> podStats = parent.flatMap(cgroups::read);
        CgroupStats total = podStats.orElseGet(() -> members.stream().map(ContainerUsage::stats)
                .reduce(CgroupStats.ZERO, CgroupStats::plus));
        return new PodUsage(namespace, name, List.copyOf(members), podStats.isPresent() ? parent : Optional.empty(),
                total);
    }

    private static Optional<String> commonParent(List<ContainerUsage> members) {
        String parent = null;
        for (ContainerUsage member : members) {
            int slash = member.cgroup().lastIndexOf('/');
            String p = slash <= 0 ? "/" : member.cgroup().substring(0, slash);
            if (parent != null && !parent.equals(p)) {
                return Optional.empty();
            }
            parent = p;
        }
        return Optional.ofNullable(parent).filter(p -> !p.equals("/"));
    }

    private static Instant nanosToInstant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub rt() {
        return runtime.withDeadlineAfter(CRI_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
