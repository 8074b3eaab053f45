package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.Snapshot;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Upstream's test values (priorities, small/medium/large requests) and cluster builders. */
final class Fixtures {

    static final int NEG = -100;
    static final int LOW = 0;
    static final int MID = 100;
    static final int HIGH = 1000;
    static final int VERY_HIGH = 10000;

    static final int SMALL = 100;
    static final int MEDIUM = 200;
    static final int LARGE = 300;
    static final int VERY_LARGE = 500;

    private Fixtures() {
    }

    /** A node with {@code milliCpu} CPU, as many bytes of memory, and 32 pods (upstream's node wrapper default). */
    static Node node(String name, int milliCpu) {
        return node(name, milliCpu + "m", String.valueOf(milliCpu), "32", Map.of());
    }

    static Node node(String name, String cpu, String memory, String pods, Map<String, String> labels) {
        Map<String, Quantity> allocatable = new LinkedHashMap<>();
        if (cpu != null) {
            allocatable.put("cpu", new Quantity(cpu));
        }
        if (memory != null) {
            allocatable.put("memory", new Quantity(memory));
        }
        allocatable.put("pods", new Quantity(pods));
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewStatus().withAllocatable(allocatable).withCapacity(allocatable).endStatus().build();
    }

    /** Upstream's {@code onePodRes} node: room for a single pod, no CPU or memory. */
    static Node onePodNode(String name) {
        return node(name, null, null, "1", Map.of());
    }

    /** The snapshot of {@code nodes} with each pod on its {@code spec.nodeName}. */
    static Snapshot snapshot(List<Node> nodes, List<Pod> pods) {
        List<NodeInfo> infos = new ArrayList<>();
        for (Node node : nodes) {
            NodeInfo info = new NodeInfo(node);
            for (Pod pod : pods) {
                if (node.getMetadata().getName().equals(pod.getSpec().getNodeName())) {
                    info.addPod(new PodInfo(pod));
                }
            }
            infos.add(info);
        }
        return new Snapshot(infos);
    }

    /** A PDB over pods labelled {@code key=value} in "default" allowing {@code disruptionsAllowed} evictions. */
    static PodDisruptionBudget pdb(String key, String value, int disruptionsAllowed, String... disruptedPods) {
        Map<String, String> disrupted = new LinkedHashMap<>();
        for (String pod : disruptedPods) {
            disrupted.put(pod, "2024-01-01T00:00:00Z");
        }
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName("pdb-" + value).withNamespace("default")
                .endMetadata().withNewSpec()
                .withSelector(new LabelSelectorBuilder().addToMatchLabels(key, value).build()).endSpec()
                .withNewStatus().withDisruptionsAllowed(disruptionsAllowed).withDisruptedPods(disrupted).endStatus()
                .build();
    }
}
