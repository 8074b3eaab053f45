package dev.capstan.scheduling.plugins.podtopologyspread;

import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.Snapshot;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small fluent pod maker in the style of upstream's {@code st.MakePod()}, plus node and snapshot helpers. */
final class TestPod {

    static final LabelSelector FOO = new LabelSelectorBuilder().addNewMatchExpression().withKey("foo")
            .withOperator("Exists").endMatchExpression().build();
    static final LabelSelector BAR = new LabelSelectorBuilder().addNewMatchExpression().withKey("bar")
            .withOperator("Exists").endMatchExpression().build();

    private final PodBuilder builder = new PodBuilder();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<TopologySpreadConstraint> constraints = new ArrayList<>();

    private TestPod(String name) {
        builder.withNewMetadata().withName(name).withNamespace("default").endMetadata().withNewSpec().endSpec();
    }

    static TestPod pod(String name) {
        return new TestPod(name);
    }

    TestPod namespace(String namespace) {
        builder.editMetadata().withNamespace(namespace).endMetadata();
        return this;
    }

    TestPod node(String nodeName) {
        builder.editSpec().withNodeName(nodeName).endSpec();
        return this;
    }

    TestPod label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    TestPod terminating() {
        builder.editMetadata().withDeletionTimestamp("2024-01-01T00:00:00Z").endMetadata();
        return this;
    }

    TestPod nodeSelector(String key, String value) {
        builder.editSpec().addToNodeSelector(key, value).endSpec();
        return this;
    }

    TestPod nodeAffinity(String key, String operator, String... values) {
        builder.editSpec().withAffinity(new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey(key).withOperator(operator).withValues(values).endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build())
                .endSpec();
        return this;
    }

    TestPod spread(int maxSkew, String key, String when, LabelSelector selector) {
        return spread(maxSkew, key, when, selector, null, null, null);
    }

    TestPod spread(int maxSkew, String key, String when, LabelSelector selector, Integer minDomains,
                   String nodeAffinityPolicy, String nodeTaintsPolicy, String... matchLabelKeys) {
        constraints.add(new TopologySpreadConstraintBuilder().withMaxSkew(maxSkew).withTopologyKey(key)
                .withWhenUnsatisfiable(when).withLabelSelector(selector).withMinDomains(minDomains)
                .withNodeAffinityPolicy(nodeAffinityPolicy).withNodeTaintsPolicy(nodeTaintsPolicy)
                .withMatchLabelKeys(matchLabelKeys.length == 0 ? null : List.of(matchLabelKeys)).build());
        return this;
    }

    Pod build() {
        Pod pod = builder.build();
        pod.getMetadata().setLabels(new LinkedHashMap<>(labels));
        pod.getSpec().setTopologySpreadConstraints(new ArrayList<>(constraints));
        return pod;
    }

    /** A node with labels given as key, value, key, value... */
    static Node node(String name, String... labels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(map).endMetadata().build();
    }

    static Node tainted(Node node) {
        node.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
        node.getSpec().setTaints(List.of(new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, "")));
        return node;
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
