package dev.capstan.controllers.daemonset;

import dev.capstan.controllers.statefulset.TemplateRevision;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.List;
import java.util.Map;

/** Test DaemonSets, nodes and daemon pods. */
final class DaemonSetFixtures {

    private DaemonSetFixtures() {
    }

    static DaemonSet ds(String image, IntOrString maxUnavailable, IntOrString maxSurge) {
        return new DaemonSetBuilder()
                .withNewMetadata().withName("agent").withNamespace("default").withUid("uid-agent").withGeneration(1L).endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "agent")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "agent")).endMetadata()
                .withNewSpec().addNewContainer().withName("agent").withImage(image).endContainer().endSpec().endTemplate()
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(maxUnavailable).withMaxSurge(maxSurge).endRollingUpdate().endUpdateStrategy()
                .endSpec().build();
    }

    static DaemonSet ds() {
        return ds("agent:1", null, null);
    }

    static String hash(DaemonSet ds) {
        return TemplateRevision.hash(ds.getSpec().getTemplate());
    }

    static Node node(String name, Map<String, String> labels, Taint... taints) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTaints(List.of(taints)).endSpec().build();
    }

    static Node node(String name) {
        return node(name, Map.of());
    }

    static Taint taint(String key, String effect) {
        return new TaintBuilder().withKey(key).withEffect(effect).build();
    }

    static Pod pod(String name, String node, String hash, boolean ready) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withLabels(Map.of("app", "agent", TemplateRevision.HASH_LABEL, hash))
                .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withNodeName(node).endSpec();
        if (ready) {
            b.withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                    .withLastTransitionTime("2026-01-01T00:00:00Z").endCondition().endStatus();
        } else {
            b.withNewStatus().withPhase("Pending").endStatus();
        }
        return b.build();
    }
}
