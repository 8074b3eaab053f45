package dev.capstan.scheduling.plugins.interpodaffinity;

import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.Snapshot;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fluent pod maker in the style of upstream's {@code st.MakePod()}, with term, node and snapshot helpers. */
final class TestPod {

    private final Pod pod;
    private final List<PodAffinityTerm> requiredAffinity = new ArrayList<>();
    private final List<PodAffinityTerm> requiredAntiAffinity = new ArrayList<>();
    private final List<WeightedPodAffinityTerm> preferredAffinity = new ArrayList<>();
    private final List<WeightedPodAffinityTerm> preferredAntiAffinity = new ArrayList<>();

    private TestPod(String name) {
        pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withLabels(new LinkedHashMap<>())
                .endMetadata().withNewSpec().endSpec().build();
    }

    static TestPod pod(String name) {
        return new TestPod(name);
    }

    TestPod namespace(String namespace) {
        pod.getMetadata().setNamespace(namespace);
        return this;
    }

    TestPod node(String nodeName) {
        pod.getSpec().setNodeName(nodeName);
        return this;
    }

    TestPod label(String key, String value) {
        pod.getMetadata().getLabels().put(key, value);
        return this;
    }

    TestPod affinity(PodAffinityTerm term) {
        requiredAffinity.add(term);
        return this;
    }

    TestPod antiAffinity(PodAffinityTerm term) {
        requiredAntiAffinity.add(term);
        return this;
    }

    TestPod preferredAffinity(int weight, PodAffinityTerm term) {
        preferredAffinity.add(new WeightedPodAffinityTerm(term, weight));
        return this;
    }

    TestPod preferredAntiAffinity(int weight, PodAffinityTerm term) {
        preferredAntiAffinity.add(new WeightedPodAffinityTerm(term, weight));
        return this;
    }

    Pod build() {
        boolean any = !requiredAffinity.isEmpty() || !requiredAntiAffinity.isEmpty() || !preferredAffinity.isEmpty()
                || !preferredAntiAffinity.isEmpty();
        if (any) {
            Affinity affinity = new Affinity();
            if (!requiredAffinity.isEmpty() || !preferredAffinity.isEmpty()) {
                PodAffinity podAffinity = new PodAffinity();
                podAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(new ArrayList<>(requiredAffinity));
                podAffinity.setPreferredDuringSchedulingIgnoredDuringExecution(new ArrayList<>(preferredAffinity));
                affinity.setPodAffinity(podAffinity);
            }
            if (!requiredAntiAffinity.isEmpty() || !preferredAntiAffinity.isEmpty()) {
                PodAntiAffinity anti = new PodAntiAffinity();
                anti.setRequiredDuringSchedulingIgnoredDuringExecution(new ArrayList<>(requiredAntiAffinity));
                anti.setPreferredDuringSchedulingIgnoredDuringExecution(new ArrayList<>(preferredAntiAffinity));
                affinity.setPodAntiAffinity(anti);
            }
            pod.getSpec().setAffinity(affinity);
        }
        return pod;
    }

    /** A term over {@code topologyKey} whose label selector ANDs the requirements. */
    static PodAffinityTerm term(String topologyKey, LabelSelectorRequirement... requirements) {
        PodAffinityTerm term = new PodAffinityTerm();
        term.setTopologyKey(topologyKey);
        LabelSelector selector = new LabelSelector();
        selector.setMatchExpressions(new ArrayList<>(List.of(requirements)));
        term.setLabelSelector(selector);
        return term;
    }

    static PodAffinityTerm inNamespaces(PodAffinityTerm term, String... namespaces) {
        term.setNamespaces(new ArrayList<>(List.of(namespaces)));
        return term;
    }

    static PodAffinityTerm withNamespaceSelector(PodAffinityTerm term, LabelSelector selector) {
        term.setNamespaceSelector(selector);
        return term;
    }

    static LabelSelectorRequirement in(String key, String... values) {
        return new LabelSelectorRequirement(key, "In", new ArrayList<>(List.of(values)));
    }

    static LabelSelectorRequirement notIn(String key, String... values) {
        return new LabelSelectorRequirement(key, "NotIn", new ArrayList<>(List.of(values)));
    }

    static LabelSelectorRequirement exists(String key) {
        return new LabelSelectorRequirement(key, "Exists", new ArrayList<>());
    }

    static LabelSelectorRequirement doesNotExist(String key) {
        return new LabelSelectorRequirement(key, "DoesNotExist", new ArrayList<>());
    }

    /** A node with labels given as key, value, key, value... */
    static Node node(String name, String... labels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(map).endMetadata().build();
    }

    /** The snapshot the scheduler cache would hand out: each pod on the node its spec.nodeName names. */
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
}
