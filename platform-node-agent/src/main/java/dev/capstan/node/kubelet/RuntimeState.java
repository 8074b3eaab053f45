package dev.capstan.node.kubelet;

import dev.capstan.node.cri.CriClient;
import dev.capstan.node.cri.CriException;
import dev.capstan.node.cri.v1.Container;
import dev.capstan.node.cri.v1.ContainerStatus;
import dev.capstan.node.cri.v1.PodSandbox;
import dev.capstan.node.cri.v1.PodSandboxStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the runtime's sandboxes and containers of this agent, grouped by pod UID (upstream's
 * {@code GetPods}/{@code GetPodStatus}). Only what carries {@link RuntimeLabels#MANAGED_BY} is ours.
 */
public final class RuntimeState {

    private final CriClient cri;

    public RuntimeState(CriClient cri) {
        this.cri = cri;
    }

    /** One pod's sandboxes and containers (CRI label selectors, so the cost does not grow with the node's pods). */
    public RuntimePod pod(String uid) {
        Map<String, String> selector = Map.of(RuntimeLabels.POD_UID, uid, RuntimeLabels.MANAGED_BY, RuntimeLabels.MANAGER);
        List<PodSandboxStatus> sandboxes = new ArrayList<>();
        for (PodSandbox sandbox : cri.listPodSandboxes(selector)) {
            try {
                sandboxes.add(cri.podSandboxStatus(sandbox.getId()));
            } catch (CriException e) {
                if (!e.notFound()) {
                    throw e;
                }
            }
        }
        List<ContainerStatus> containers = new ArrayList<>();
        for (Container container : cri.listContainers(selector)) {
            try {
                containers.add(cri.containerStatus(container.getId()));
            } catch (CriException e) {
                if (!e.notFound()) {
                    throw e;
                }
            }
        }
        return new RuntimePod(uid, sandboxes, containers);
    }

    /** The UIDs of every pod the runtime holds for this agent (to find pods that are gone from the API). */
    public java.util.Set<String> podUids() {
        java.util.Set<String> uids = new java.util.HashSet<>();
        Map<String, String> selector = Map.of(RuntimeLabels.MANAGED_BY, RuntimeLabels.MANAGER);
        cri.listPodSandboxes(selector).forEach(s -> uids.add(s.getLabelsMap().get(RuntimeLabels.POD_UID)));
        cri.listContainers(selector).forEach(c -> uids.add(c.getLabelsMap().get(RuntimeLabels.POD_UID)));
        uids.remove(null);
        return uids;
    }
}
