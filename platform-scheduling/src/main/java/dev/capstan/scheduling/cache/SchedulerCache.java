package dev.capstan.scheduling.cache;

import dev.capstan.scheduling.ImageState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.Snapshot;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's view of the cluster (upstream's {@code cacheImpl}): nodes with the pods bound to them as the
 * informers report, plus pods the scheduler has <em>assumed</em> onto a node before their binding is
 * confirmed, so the next cycle already counts them and binding can run asynchronously. An assumed pod
 * becomes a normal one when the informer reports it bound; it is forgotten when its binding fails.
 * Every change bumps the node's generation so {@link #updateSnapshot} copies only changed nodes.
 * Thread-safe: informer threads, the scheduling thread and binding threads all use it.
 */
public final class SchedulerCache {

    private record PodState(PodInfo pod, String nodeName, boolean assumed) {
    }

    private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
    private final Map<String, PodState> pods = new HashMap<>();
    private final Map<String, Integer> imageNodeCounts = new HashMap<>();
    private long generation;

    // The snapshot's own copies, updated in place (upstream's nodeInfoList + index).
    private final List<NodeInfo> snapshotList = new ArrayList<>();
    private final Map<String, Integer> snapshotIndex = new HashMap<>();
    private long snapshotGeneration = -1;
    private Snapshot snapshot = new Snapshot(List.of());

    public synchronized void addOrUpdateNode(Node node) {
        NodeInfo info = nodes.computeIfAbsent(node.getMetadata().getName(), name -> new NodeInfo());
        Node previous = info.node();
        boolean imagesChanged = previous == null ? !imageNames(node).isEmpty()
                : !imageNames(previous).equals(imageNames(node));
        if (previous != null && imagesChanged) {
            countImages(previous, -1);
        }
        info.setNode(node);
        if (imagesChanged) {
            countImages(node, +1);
            refreshImages();
        }
        touch(info);
    }

    public synchronized void removeNode(Node node) {
        NodeInfo info = nodes.remove(node.getMetadata().getName());
        if (info != null && info.node() != null) {
            countImages(info.node(), -1);
            refreshImages();
        }
        generation++;
    }

    /** A pod the informer reports bound to a node (new, or confirming an assumed pod). */
    public synchronized void addOrUpdatePod(Pod pod) {
        String nodeName = pod.getSpec().getNodeName();
        PodInfo info = new PodInfo(pod);
        PodState previous = pods.get(info.key());
        if (previous != null) {
            removeFromNode(previous);
        }
        pods.put(info.key(), new PodState(info, nodeName, false));
        NodeInfo node = nodes.computeIfAbsent(nodeName, name -> new NodeInfo());
        node.addPod(info);
        touch(node);
    }

    public synchronized void removePod(Pod pod) {
        PodState previous = pods.remove(PodInfo.keyOf(pod));
        if (previous != null) {
            removeFromNode(previous);
        }
    }

    /** Counts the pod on {@code nodeName} before its binding is confirmed. */
    public synchronized void assumePod(PodInfo info, String nodeName) {
        PodState previous = pods.get(info.key());
        if (previous != null) {
            if (!previous.assumed()) {
                return; // already bound according to the informer
            }
            removeFromNode(previous);
        }
        pods.put(info.key(), new PodState(info, nodeName, true));
        NodeInfo node = nodes.computeIfAbsent(nodeName, name -> new NodeInfo());
        node.addPod(info);
        touch(node);
    }

    /** Undoes {@link #assumePod} after a failed binding; no effect when the informer already confirmed it. */
    public synchronized void forgetPod(Pod pod) {
        PodState state = pods.get(PodInfo.keyOf(pod));
        if (state != null && state.assumed()) {
            pods.remove(PodInfo.keyOf(pod));
            removeFromNode(state);
        }
    }

    /** Whether the pod is assumed (scheduled by us, binding not yet seen). */
    public synchronized boolean isAssumed(Pod pod) {
        PodState state = pods.get(PodInfo.keyOf(pod));
        return state != null && state.assumed();
    }

    public synchronized int nodeCount() {
        return nodes.size();
    }

    /**
     * The cluster for one scheduling cycle: changed nodes are copied, unchanged ones kept, as upstream's
     * {@code UpdateSnapshot}. The snapshot's lists are reused from cycle to cycle and updated in place, so
     * a snapshot is valid until the next call; only the one scheduling thread calls this. Nodes known only
     * through pods (their Node object not seen yet) are left out.
     */
    public synchronized Snapshot updateSnapshot() {
        if (snapshotGeneration == generation) {
            return snapshot;
        }
        boolean rebuild = snapshotIndex.size() != countRealNodes();
        boolean affinityChanged = false;
        for (Map.Entry<String, NodeInfo> entry : nodes.entrySet()) {
            NodeInfo info = entry.getValue();
            if (info.node() == null || info.generation() <= snapshotGeneration) {
                continue;
            }
            Integer at = snapshotIndex.get(entry.getKey());
            NodeInfo copy = info.copy();
            if (at == null) {
                rebuild = true;
                snapshotIndex.put(entry.getKey(), snapshotList.size());
                snapshotList.add(copy);
            } else {
                NodeInfo old = snapshotList.get(at);
                affinityChanged |= !old.podsWithAffinity().isEmpty() || !copy.podsWithAffinity().isEmpty();
                snapshotList.set(at, copy);
            }
        }
        if (rebuild) {
            snapshotList.clear();
            snapshotIndex.clear();
            for (Map.Entry<String, NodeInfo> entry : nodes.entrySet()) {
                if (entry.getValue().node() != null) {
                    snapshotIndex.put(entry.getKey(), snapshotList.size());
                    snapshotList.add(entry.getValue().copy());
                }
            }
        }
        if (rebuild || affinityChanged || snapshot.size() == 0) {
            snapshot = Snapshot.live(snapshotList, snapshotIndex);
        }
        snapshotGeneration = generation;
        return snapshot;
    }

    private int countRealNodes() {
        int count = 0;
        for (NodeInfo info : nodes.values()) {
            if (info.node() != null) {
                count++;
            }
        }
        return count;
    }

    private void removeFromNode(PodState state) {
        NodeInfo node = nodes.get(state.nodeName());
        if (node == null) {
            return;
        }
        node.removePod(state.pod().pod());
        if (node.node() == null && node.pods().isEmpty()) {
            nodes.remove(state.nodeName());
        }
        touch(node);
    }

    private void touch(NodeInfo node) {
        node.setGeneration(++generation);
    }

    private void countImages(Node node, int delta) {
        for (String name : imageNames(node)) {
            imageNodeCounts.merge(name, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    /** Recomputes every node's image states (sizes and spread); images change rarely (node status updates). */
    private void refreshImages() {
        for (NodeInfo info : nodes.values()) {
            Node node = info.node();
            if (node == null || node.getStatus() == null || node.getStatus().getImages() == null) {
                continue;
            }
            Map<String, ImageState> images = new HashMap<>();
            for (ContainerImage image : node.getStatus().getImages()) {
                long size = image.getSizeBytes() == null ? 0 : image.getSizeBytes();
                for (String name : image.getNames() == null ? List.<String>of() : image.getNames()) {
                    images.put(name, new ImageState(size, imageNodeCounts.getOrDefault(name, 0)));
                }
            }
            if (!images.equals(info.images())) {
                info.setImages(images);
                touch(info);
            }
        }
    }

    private static List<String> imageNames(Node node) {
        List<String> names = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getImages() != null) {
            for (ContainerImage image : node.getStatus().getImages()) {
                if (image.getNames() != null) {
                    names.addAll(image.getNames());
                }
            }
        }
        return names;
    }
}
