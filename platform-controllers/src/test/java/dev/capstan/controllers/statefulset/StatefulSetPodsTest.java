package dev.capstan.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatefulSetPodsTest {

    private static StatefulSet withClaims() {
        StatefulSet set = StatefulSetFixtures.set(3, "OrderedReady");
        return new StatefulSetBuilder(set).editSpec().addToVolumeClaimTemplates(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).endSpec().build();
    }

    @Test
    void aPodHasItsStableIdentityAndItsClaims() {
        StatefulSet set = withClaims();
        var pod = StatefulSetPods.newPod(set, 1, "web-abc");
        assertThat(pod.getMetadata().getName()).isEqualTo("web-1");
        assertThat(pod.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "web-1")
                .containsEntry("apps.kubernetes.io/pod-index", "1").containsEntry("controller-revision-hash", "web-abc")
                .containsEntry("app", "web");
        assertThat(pod.getSpec().getHostname()).isEqualTo("web-1");
        assertThat(pod.getSpec().getSubdomain()).isEqualTo("nginx");
        assertThat(pod.getSpec().getVolumes()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo("data");
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-web-1");
        });
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("StatefulSet");
            assertThat(o.getController()).isTrue();
            assertThat(o.getBlockOwnerDeletion()).isTrue();
        });
        assertThat(StatefulSetPods.claims(set, 1)).singleElement().satisfies(c -> {
            assertThat(c.getMetadata().getName()).isEqualTo("data-web-1");
            assertThat(c.getMetadata().getLabels()).containsEntry("app", "web");
            assertThat(c.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        });
        // the set's cached template is untouched
        assertThat(set.getSpec().getTemplate().getSpec().getHostname()).isNull();
    }

    @Test
    void theRevisionHashIsStableAndChangesWithTheTemplate() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        assertThat(TemplateRevision.hash(template(ab, "nginx:1"))).isEqualTo(TemplateRevision.hash(template(ba, "nginx:1")))
                .matches("[bcdfghjklmnpqrstvwxz2456789]+");
        assertThat(TemplateRevision.hash(template(ab, "nginx:1"))).isNotEqualTo(TemplateRevision.hash(template(ab, "nginx:2")));
        assertThat(TemplateRevision.name("web", template(ab, "nginx:1"))).startsWith("web-");
    }

    private static PodTemplateSpec template(Map<String, String> labels, String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().build();
    }
}
