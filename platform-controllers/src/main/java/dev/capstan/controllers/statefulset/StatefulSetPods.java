package dev.capstan.controllers.statefulset;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's {@code newStatefulSetPod} and {@code getPersistentVolumeClaims}: a pod's stable identity (name
 * {@code <set>-<ordinal>}, hostname, subdomain, identity labels) and its claims
 * {@code <template>-<set>-<ordinal>} from {@code volumeClaimTemplates}.
 */
public final class StatefulSetPods {

    public static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    public static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    private StatefulSetPods() {
    }

    public static String podName(StatefulSet set, int ordinal) {
        return set.getMetadata().getName() + "-" + ordinal;
    }

    public static String claimName(String template, StatefulSet set, int ordinal) {
        return template + "-" + podName(set, ordinal);
    }

    public static OwnerReference ownerReference(StatefulSet set) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /** The pod for {@code ordinal} from the set's (current) template, labelled with {@code revision}. */
    public static Pod newPod(StatefulSet set, int ordinal, String revision) {
        String name = podName(set, ordinal);
        var template = set.getSpec().getTemplate();
        Map<String, String> labels = new HashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, String.valueOf(ordinal));
        labels.put(TemplateRevision.HASH_LABEL, revision);
        Map<String, String> annotations = template.getMetadata() == null || template.getMetadata().getAnnotations() == null
                ? null : new HashMap<>(template.getMetadata().getAnnotations());
        PodBuilder pod = new PodBuilder()
                .withMetadata(new ObjectMeta())
                .editMetadata().withName(name).withNamespace(set.getMetadata().getNamespace())
                .withLabels(labels).withAnnotations(annotations).withOwnerReferences(ownerReference(set)).endMetadata()
                .withSpec(new PodBuilder().withSpec(template.getSpec()).build().getSpec());
        pod.editSpec().withHostname(name).withSubdomain(set.getSpec().getServiceName())
                .withVolumes(volumes(set, ordinal, template.getSpec().getVolumes())).endSpec();
        return pod.build();
    }

    /** Template volumes with each claim template's volume pointing at the ordinal's claim (upstream replaces same-named ones). */
    private static List<Volume> volumes(StatefulSet set, int ordinal, List<Volume> templateVolumes) {
        List<Volume> volumes = new ArrayList<>();
        List<String> claimTemplates = claimTemplates(set).stream().map(c -> c.getMetadata().getName()).toList();
        for (String claim : claimTemplates) {
            volumes.add(new VolumeBuilder().withName(claim).withNewPersistentVolumeClaim()
                    .withClaimName(claimName(claim, set, ordinal)).endPersistentVolumeClaim().build());
        }
        if (templateVolumes != null) {
            templateVolumes.stream().filter(v -> !claimTemplates.contains(v.getName()))
                    .map(v -> new VolumeBuilder(v).build()).forEach(volumes::add);
        }
        return volumes;
    }

    /** The claims the pod at {@code ordinal} needs; labelled with the set's selector labels, as upstream does. */
    public static List<PersistentVolumeClaim> claims(StatefulSet set, int ordinal) {
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        Map<String, String> selector = set.getSpec().getSelector() == null || set.getSpec().getSelector().getMatchLabels() == null
                ? Map.of() : set.getSpec().getSelector().getMatchLabels();
        for (PersistentVolumeClaim template : claimTemplates(set)) {
            Map<String, String> labels = new HashMap<>();
            if (template.getMetadata().getLabels() != null) {
                labels.putAll(template.getMetadata().getLabels());
            }
            labels.putAll(selector);
            claims.add(new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName(claimName(template.getMetadata().getName(), set, ordinal))
                    .withNamespace(set.getMetadata().getNamespace()).withLabels(labels)
                    .withAnnotations(template.getMetadata().getAnnotations()).endMetadata()
                    .withSpec(new PersistentVolumeClaimBuilder(template).build().getSpec())
                    .build());
        }
        return claims;
    }

    private static List<PersistentVolumeClaim> claimTemplates(StatefulSet set) {
        return set.getSpec().getVolumeClaimTemplates() == null ? List.of() : set.getSpec().getVolumeClaimTemplates();
    }
}
