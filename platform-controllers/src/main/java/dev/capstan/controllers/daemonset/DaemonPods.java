package dev.capstan.controllers.daemonset;

import dev.capstan.controllers.statefulset.TemplateRevision;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's daemon pod construction (pkg/controller/daemon/util): the template with the default daemon
 * tolerations ({@code AddOrUpdateDaemonPodTolerations}), the revision labels, and — instead of a
 * {@code nodeName} — a required node affinity {@code matchFields metadata.name In [node]}
 * ({@code ReplaceDaemonSetPodNodeNameNodeAffinity}) so the scheduler binds it to that node.
 */
public final class DaemonPods {

    /** Upstream's {@code extensions.DaemonSetTemplateGenerationKey} (deprecated upstream but still set). */
    public static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";

    private DaemonPods() {
    }

    /** The template's spec with the default daemon tolerations: what eligibility is judged on. */
    public static PodSpec specWithDefaultTolerations(DaemonSet ds) {
        PodSpec spec = new PodSpecBuilder(ds.getSpec().getTemplate().getSpec()).build();
        List<Toleration> tolerations = new ArrayList<>(spec.getTolerations() == null ? List.of() : spec.getTolerations());
        add(tolerations, "node.kubernetes.io/not-ready", "NoExecute");
        add(tolerations, "node.kubernetes.io/unreachable", "NoExecute");
        add(tolerations, "node.kubernetes.io/disk-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/memory-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/pid-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/unschedulable", "NoSchedule");
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            add(tolerations, "node.kubernetes.io/network-unavailable", "NoSchedule");
        }
        spec.setTolerations(tolerations);
        return spec;
    }

    private static void add(List<Toleration> tolerations, String key, String effect) {
        Toleration toleration = new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build();
        // upstream's AddOrUpdateTolerationInPodSpec: a toleration with the same key and effect is replaced
        tolerations.removeIf(t -> Objects.equals(t.getKey(), key) && Objects.equals(t.getEffect(), effect));
        tolerations.add(toleration);
    }

    /** The daemon pod for {@code node}, named {@code <ds>-<random>} by the API server. */
    public static Pod newPod(DaemonSet ds, String node, String hash) {
        var template = ds.getSpec().getTemplate();
        Map<String, String> labels = new HashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(TemplateRevision.HASH_LABEL, hash);
        if (ds.getMetadata().getGeneration() != null) {
            labels.put(TEMPLATE_GENERATION_LABEL, String.valueOf(ds.getMetadata().getGeneration()));
        }
        PodSpec spec = specWithDefaultTolerations(ds);
        var term = new NodeSelectorTermBuilder().withMatchFields(new NodeSelectorRequirementBuilder()
                .withKey("metadata.name").withOperator("In").withValues(node).build()).build();
        var affinity = spec.getAffinity() == null ? new AffinityBuilder() : new AffinityBuilder(spec.getAffinity());
        var nodeAffinity = spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
                ? new NodeAffinityBuilder() : new NodeAffinityBuilder(spec.getAffinity().getNodeAffinity());
        // the other affinity terms were already checked when the node was found eligible
        nodeAffinity.withRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelectorBuilder().withNodeSelectorTerms(term).build());
        spec.setAffinity(affinity.withNodeAffinity(nodeAffinity.build()).build());
        return new PodBuilder()
                .withNewMetadata().withGenerateName(ds.getMetadata().getName() + "-").withNamespace(ds.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(template.getMetadata() == null || template.getMetadata().getAnnotations() == null
                        ? null : new HashMap<>(template.getMetadata().getAnnotations()))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("DaemonSet")
                        .withName(ds.getMetadata().getName()).withUid(ds.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    /** The node a daemon pod is for: its {@code nodeName}, or before binding, the node of its affinity. */
    public static String nodeOf(Pod pod) {
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            return pod.getSpec().getNodeName();
        }
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        for (var term : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()) {
            if (term.getMatchFields() == null) {
                continue;
            }
            for (var field : term.getMatchFields()) {
                if ("metadata.name".equals(field.getKey()) && "In".equals(field.getOperator())
                        && field.getValues() != null && field.getValues().size() == 1) {
                    return field.getValues().get(0);
                }
            }
        }
        return null;
    }
}
