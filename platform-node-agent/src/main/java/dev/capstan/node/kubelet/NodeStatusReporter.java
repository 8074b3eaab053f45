package dev.capstan.node.kubelet;

import dev.capstan.node.cri.CriClient;
import dev.capstan.node.cri.v1.Image;
import dev.capstan.node.cri.v1.VersionResponse;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the Node and keeps its status current, as upstream's node status manager: capacity and
 * allocatable, addresses, the kubelet endpoint, node info (runtime version), {@code status.images}, and the
 * conditions Ready, MemoryPressure, DiskPressure, PIDPressure. Ready follows the runtime: a runtime that does
 * not answer makes the node NotReady with upstream's reason {@code KubeletNotReady}. Writes only what changed,
 * plus a full report every {@link #REPORT_PERIOD} (upstream's nodeStatusReportFrequency).
 */
public final class NodeStatusReporter {

    private static final Logger log = LoggerFactory.getLogger(NodeStatusReporter.class);
    private static final Duration REPORT_PERIOD = Duration.ofMinutes(5);
    /** Upstream reports at most 50 images (--node-status-max-images). */
    private static final int MAX_IMAGES = 50;
    public static final String KUBELET_VERSION = "v1.32.0-capstan";

    private final KubernetesClient client;
    private final CriClient cri;
    private final KubeletSettings settings;
    private final Clock clock;
    private NodeStatus lastReported;
    private Instant lastReport = Instant.EPOCH;

    public NodeStatusReporter(KubernetesClient client, CriClient cri, KubeletSettings settings, Clock clock) {
        this.client = client;
        this.cri = cri;
        this.settings = settings;
        this.clock = clock;
    }

    /** Creates the Node if it does not exist (upstream's registerWithAPIServer); keeps an existing one's spec. */
    public void register() {
        var nodes = client.nodes();
        if (nodes.withName(settings.nodeName()).get() == null) {
            Node node = new NodeBuilder().withNewMetadata().withName(settings.nodeName()).withLabels(labels()).endMetadata()
                    .withNewSpec().endSpec().build();
            try {
                nodes.resource(node).create();
                log.info("event=node_registered node={}", settings.nodeName());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        } else {
            nodes.withName(settings.nodeName()).edit(n -> {
                n.getMetadata().setLabels(merge(n.getMetadata().getLabels(), labels()));
                return n;
            });
        }
        report();
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", settings.nodeName());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", arch());
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("beta.kubernetes.io/arch", arch());
        return labels;
    }

    private static Map<String, String> merge(Map<String, String> existing, Map<String, String> ours) {
        Map<String, String> merged = new LinkedHashMap<>(existing == null ? Map.of() : existing);
        merged.putAll(ours);
        return merged;
    }

    /** Computes the status and writes it when it changed (or the report period passed). */
    public void report() {
        Node current = client.nodes().withName(settings.nodeName()).get();
        if (current == null) {
            register();
            return;
        }
        NodeStatus status = status(current.getStatus());
        boolean due = Duration.between(lastReport, clock.instant()).compareTo(REPORT_PERIOD) >= 0;
        if (!due && Objects.equals(withoutHeartbeats(status), withoutHeartbeats(current.getStatus()))) {
            return;
        }
        Map<String, Object> patch = Map.of("status", status);
        client.nodes().withName(settings.nodeName()).subresource("status")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Serialization.asJson(patch));
        lastReported = status;
        lastReport = clock.instant();
    }

    NodeStatus status(NodeStatus previous) {
        Map<String, io.fabric8.kubernetes.api.model.Quantity> capacity = HostResources.capacity(settings.rootDir(), settings.maxPods());
        String runtimeVersion = "unknown";
        String notReady = null;
        List<ContainerImage> images = List.of();
        try {
            VersionResponse version = cri.version();
            runtimeVersion = version.getRuntimeName() + "://" + version.getRuntimeVersion();
            var runtimeStatus = cri.status().getStatus();
            for (var condition : runtimeStatus.getConditionsList()) {
                if (!condition.getStatus()) {
                    notReady = "container runtime " + condition.getType() + " is false: " + condition.getReason() + " " + condition.getMessage();
                }
            }
            images = images(cri.listImages());
        } catch (RuntimeException e) {
            notReady = "container runtime is down: " + e.getMessage();
        }
        List<NodeCondition> conditions = new ArrayList<>();
        boolean memoryPressure = HostResources.memoryAvailableFraction() < 0.05;
        boolean diskPressure = HostResources.diskAvailableFraction(settings.rootDir()) < 0.10;
        conditions.add(condition(previous, "MemoryPressure", memoryPressure,
                memoryPressure ? "KubeletHasInsufficientMemory" : "KubeletHasSufficientMemory",
                memoryPressure ? "kubelet has insufficient memory available" : "kubelet has sufficient memory available"));
        conditions.add(condition(previous, "DiskPressure", diskPressure,
                diskPressure ? "KubeletHasDiskPressure" : "KubeletHasNoDiskPressure",
                diskPressure ? "kubelet has disk pressure" : "kubelet has no disk pressure"));
        conditions.add(condition(previous, "PIDPressure", false, "KubeletHasSufficientPID", "kubelet has sufficient PID available"));
        conditions.add(condition(previous, "Ready", notReady == null, notReady == null ? "KubeletReady" : "KubeletNotReady",
                notReady == null ? "kubelet is posting ready status" : notReady));
        return new io.fabric8.kubernetes.api.model.NodeStatusBuilder(previous == null ? new NodeStatus() : previous)
                .withCapacity(capacity).withAllocatable(capacity)
                .withConditions(conditions)
                .withAddresses(new NodeAddressBuilder().withType("InternalIP").withAddress(settings.nodeIp()).build(),
                        new NodeAddressBuilder().withType("Hostname").withAddress(settings.nodeName()).build())
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(settings.port()).endKubeletEndpoint().endDaemonEndpoints()
                .withNewNodeInfo().withArchitecture(arch()).withOperatingSystem("linux").withOsImage(osImage())
                .withKernelVersion(System.getProperty("os.version")).withContainerRuntimeVersion(runtimeVersion)
                .withKubeletVersion(KUBELET_VERSION).withKubeProxyVersion(KUBELET_VERSION)
                .withMachineID(read("/etc/machine-id")).withSystemUUID(read("/sys/class/dmi/id/product_uuid"))
                .withBootID(read("/proc/sys/kernel/random/boot_id")).endNodeInfo()
                .withImages(images)
                .build();
    }

    private NodeCondition condition(NodeStatus previous, String type, boolean value, String reason, String message) {
        String status = value ? "True" : "False";
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        NodeCondition old = previous == null || previous.getConditions() == null ? null
                : previous.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        String transition = old != null && status.equals(old.getStatus()) && old.getLastTransitionTime() != null
                ? old.getLastTransitionTime() : now;
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(now).withLastTransitionTime(transition).build();
    }

    private static List<ContainerImage> images(List<Image> images) {
        return images.stream().sorted(Comparator.comparingLong(Image::getSize).reversed()).limit(MAX_IMAGES)
                .map(i -> {
                    List<String> names = new ArrayList<>(i.getRepoDigestsList());
                    names.addAll(i.getRepoTagsList());
                    return new ContainerImageBuilder().withNames(names).withSizeBytes(i.getSize()).build();
                }).toList();
    }

    /** Conditions without heartbeat times: a status that only differs in heartbeats need not be written. */
    private static NodeStatus withoutHeartbeats(NodeStatus status) {
        if (status == null) {
            return null;
        }
        NodeStatus copy = Serialization.clone(status);
        if (copy.getConditions() != null) {
            copy.getConditions().forEach(c -> c.setLastHeartbeatTime(null));
        }
        return copy;
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    private static String osImage() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (java.io.IOException e) {
            // fall through
        }
        return "Linux";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
