package dev.capstan.scheduling;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node with the pods on it (bound or assumed) and the sums the plugins need: requested and non-zero
 * requested resources, allocatable, used host ports, images. The scheduler cache keeps one per node and
 * hands plugins copies in a {@link Snapshot}; plugins only read them. {@link #generation()} grows on every
 * change so the snapshot re-copies only changed nodes.
 */
public final class NodeInfo {

    private Node node;
    private final List<PodInfo> pods = new ArrayList<>();
    private final List<PodInfo> podsWithAffinity = new ArrayList<>();
    private final List<PodInfo> podsWithRequiredAntiAffinity = new ArrayList<>();
    private final List<HostPort> usedPorts = new ArrayList<>();
    private Resource requested = new Resource();
    private Resource nonZeroRequested = new Resource();
    private Resource allocatable = new Resource();
    private Map<String, ImageState> images = Map.of();
    private long generation;

    public NodeInfo() {
    }

    public NodeInfo(Node node, PodInfo... pods) {
        setNode(node);
        for (PodInfo pod : pods) {
            addPod(pod);
        }
    }

    /** The node object, or null while only pods are known for it (a pod seen before its node). */
    public Node node() {
        return node;
    }

    /** The node's name; null only when {@link #node()} is null. */
    public String name() {
        return node == null ? null : node.getMetadata().getName();
    }

    public void setNode(Node node) {
        this.node = node;
        this.allocatable = node == null || node.getStatus() == null ? new Resource()
                : Resource.of(node.getStatus().getAllocatable());
    }

    public List<PodInfo> pods() {
        return pods;
    }

    public List<PodInfo> podsWithAffinity() {
        return podsWithAffinity;
    }

    public List<PodInfo> podsWithRequiredAntiAffinity() {
        return podsWithRequiredAntiAffinity;
    }

    public List<HostPort> usedPorts() {
        return usedPorts;
    }

    /** The sum of the requests of the pods on the node; {@code allowedPodNumber} is unused here. */
    public Resource requested() {
        return requested;
    }

    /** As {@link #requested()} with upstream's non-zero defaults, for scoring. */
    public Resource nonZeroRequested() {
        return nonZeroRequested;
    }

    /** The node's {@code status.allocatable}. */
    public Resource allocatable() {
        return allocatable;
    }

    /** Images on the node by every name it reports (tags and digests). */
    public Map<String, ImageState> images() {
        return images;
    }

    public void setImages(Map<String, ImageState> images) {
        this.images = images;
    }

    public long generation() {
        return generation;
    }

    public void setGeneration(long generation) {
        this.generation = generation;
    }

    public void addPod(PodInfo pod) {
        pods.add(pod);
        if (pod.hasAffinity()) {
            podsWithAffinity.add(pod);
        }
        if (pod.hasRequiredAntiAffinity()) {
            podsWithRequiredAntiAffinity.add(pod);
        }
        requested.add(pod.requests());
        nonZeroRequested.add(pod.nonZeroRequests());
        usedPorts.addAll(hostPorts(pod.pod()));
    }

    /** Removes the pod with the same namespace/name; false when it was not on this node. */
    public boolean removePod(Pod pod) {
        String key = PodInfo.keyOf(pod);
        for (int i = 0; i < pods.size(); i++) {
            PodInfo candidate = pods.get(i);
            if (candidate.key().equals(key)) {
                pods.remove(i);
                podsWithAffinity.removeIf(p -> p.key().equals(key));
                podsWithRequiredAntiAffinity.removeIf(p -> p.key().equals(key));
                requested.subtract(candidate.requests());
                nonZeroRequested.subtract(candidate.nonZeroRequests());
                hostPorts(candidate.pod()).forEach(usedPorts::remove);
                return true;
            }
        }
        return false;
    }

    /** An independent copy (pods and node objects shared, they are never modified). */
    public NodeInfo copy() {
        NodeInfo copy = new NodeInfo();
        copy.node = node;
        copy.pods.addAll(pods);
        copy.podsWithAffinity.addAll(podsWithAffinity);
        copy.podsWithRequiredAntiAffinity.addAll(podsWithRequiredAntiAffinity);
        copy.usedPorts.addAll(usedPorts);
        copy.requested = requested.copy();
        copy.nonZeroRequested = nonZeroRequested.copy();
        copy.allocatable = allocatable.copy();
        copy.images = images;
        copy.generation = generation;
        return copy;
    }

    /** The host ports a pod's containers ask for. */
    public static List<HostPort> hostPorts(Pod pod) {
        List<HostPort> ports = new ArrayList<>();
        if (pod.getSpec() == null) {
            return ports;
        }
        List<Container> containers = new ArrayList<>();
        if (pod.getSpec().getContainers() != null) {
            containers.addAll(pod.getSpec().getContainers());
        }
        if (pod.getSpec().getInitContainers() != null) {
            // as upstream: only sidecars (restartPolicy Always) hold their host ports while the pod runs
            pod.getSpec().getInitContainers().stream().filter(c -> "Always".equals(c.getRestartPolicy())).forEach(containers::add);
        }
        for (Container container : containers) {
            if (container.getPorts() == null) {
                continue;
            }
            for (ContainerPort port : container.getPorts()) {
                if (port.getHostPort() != null && port.getHostPort() > 0) {
                    ports.add(HostPort.of(port.getHostIP(), port.getProtocol(), port.getHostPort()));
                }
            }
        }
        return ports;
    }

    /** Labels of the node, never null. */
    public Map<String, String> labels() {
        return node == null || node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    }

    @Override
    public String toString() {
        return "NodeInfo{" + name() + ", pods=" + pods.size() + ", requested=" + requested + "}";
    }

}
