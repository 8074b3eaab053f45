package dev.capstan.scheduling.plugins.noderesources;

import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pods and nodes for the resource plugins' tests, in upstream's test notation (one map per container). */
final class TestObjects {

    private static int podCounter;

    private TestObjects() {
    }

    static Map<String, Quantity> quantities(Map<String, String> amounts) {
        Map<String, Quantity> result = new LinkedHashMap<>();
        amounts.forEach((name, amount) -> result.put(name, new Quantity(amount)));
        return result;
    }

    private static List<Container> containers(List<Map<String, String>> requests, String prefix) {
        List<Container> containers = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            containers.add(new ContainerBuilder().withName(prefix + i).withImage("image")
                    .withNewResources().withRequests(quantities(requests.get(i))).endResources().build());
        }
        return containers;
    }

    /** A pod with one container per request map; none means a pod without containers (and so no requests). */
    @SafeVarargs
    static Pod pod(Map<String, String>... containerRequests) {
        return pod(List.of(containerRequests), List.of());
    }

    static Pod pod(List<Map<String, String>> containerRequests, List<Map<String, String>> initRequests) {
        return new PodBuilder().withNewMetadata().withName("pod-" + (++podCounter)).withNamespace("default").endMetadata()
                .withNewSpec().withContainers(containers(containerRequests, "c"))
                .withInitContainers(containers(initRequests, "init")).endSpec().build();
    }

    static Node node(String name, Map<String, String> allocatable) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().withAllocatable(quantities(allocatable)).withCapacity(quantities(allocatable)).endStatus()
                .build();
    }

    static NodeInfo nodeInfo(String name, Map<String, String> allocatable, Pod... existing) {
        NodeInfo info = new NodeInfo(node(name, allocatable));
        for (Pod pod : existing) {
            info.addPod(new PodInfo(pod));
        }
        return info;
    }
}
