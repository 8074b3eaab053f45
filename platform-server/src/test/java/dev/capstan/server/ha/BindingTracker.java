package dev.capstan.server.ha;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Follows the pods of a namespace through one API server (a Fabric8 informer: it relists and re-watches by itself
 * when its server goes away and comes back) and records every pod uid it ever saw and each pod's node: a pod whose
 * {@code spec.nodeName} changes from one node to another was bound twice.
 */
final class BindingTracker implements AutoCloseable {

    private final SharedIndexInformer<Pod> informer;
    private final Set<String> uids = ConcurrentHashMap.newKeySet();
    private final Map<String, String> nodeByUid = new ConcurrentHashMap<>();
    private final List<String> rebindings = new CopyOnWriteArrayList<>();

    BindingTracker(KubernetesClient client, String namespace) {
        informer = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                seen(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                seen(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            }
        }, 0);
    }

    private void seen(Pod pod) {
        String uid = pod.getMetadata().getUid();
        uids.add(uid);
        String node = pod.getSpec().getNodeName();
        if (node == null || node.isEmpty()) {
            return;
        }
        String before = nodeByUid.putIfAbsent(uid, node);
        if (before != null && !before.equals(node)) {
            rebindings.add(pod.getMetadata().getName() + ": " + before + " -> " + node);
        }
    }

    /** Every pod uid seen (pods created, ever). */
    Set<String> uids() {
        return Set.copyOf(uids);
    }

    /** Pods seen bound to one node and later to another. */
    List<String> rebindings() {
        return List.copyOf(rebindings);
    }

    @Override
    public void close() {
        informer.close();
    }
}
