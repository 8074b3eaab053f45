package dev.capstan.controllers.disruption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.controllers.Lister;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaleFindersTest {

    /** A lister over a fixed list. */
    private static <T extends HasMetadata> Lister<T> lister(List<T> objects) {
        return new Lister<>() {
            @Override
            public T get(String namespace, String name) {
                return objects.stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElse(null);
            }

            @Override
            public List<T> list(String namespace) {
                return objects;
            }

            @Override
            public List<T> list(String namespace, Map<String, String> labels) {
                return objects;
            }
        };
    }

    private static OwnerReference ref(String apiVersion, String kind, String name, String uid) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name).withUid(uid).withController(true).build();
    }

    private static Pod pod(String name, OwnerReference owner) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withOwnerReferences(owner).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
    }

    @Test
    void percentagesUseTheDeploymentsReplicasForItsReplicaSetsAndStatefulSetReplicas() {
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName("web").withUid("d-uid").endMetadata()
                .withNewSpec().withReplicas(4).endSpec().build();
        ReplicaSet old = new ReplicaSetBuilder().withNewMetadata().withName("web-1").withUid("rs1")
                .withOwnerReferences(ref("apps/v1", "Deployment", "web", "d-uid")).endMetadata().withNewSpec().withReplicas(1).endSpec().build();
        ReplicaSet current = new ReplicaSetBuilder().withNewMetadata().withName("web-2").withUid("rs2")
                .withOwnerReferences(ref("apps/v1", "Deployment", "web", "d-uid")).endMetadata().withNewSpec().withReplicas(3).endSpec().build();
        ReplicaSet lone = new ReplicaSetBuilder().withNewMetadata().withName("lone").withUid("rs3").endMetadata()
                .withNewSpec().withReplicas(2).endSpec().build();
        StatefulSet db = new StatefulSetBuilder().withNewMetadata().withName("db").withUid("ss").endMetadata()
                .withNewSpec().withReplicas(3).endSpec().build();
        List<ControllerScale.Finder> finders = ScaleFinders.of(lister(List.of(old, current, lone)), lister(List.of(deployment)),
                lister(List.of(db)), lister(List.<ReplicationController>of()));
        List<Pod> pods = List.of(pod("a", ref("apps/v1", "ReplicaSet", "web-1", "rs1")), pod("b", ref("apps/v1", "ReplicaSet", "web-2", "rs2")),
                pod("c", ref("apps/v1", "ReplicaSet", "lone", "rs3")), pod("d", ref("apps/v1", "StatefulSet", "db", "ss")));

        assertThat(DisruptionSync.expectedScale(pods, finders, new java.util.ArrayList<>())).as("4 + 2 + 3").isEqualTo(9);

        var pdb = DisruptionSyncTest.pdb(null, "10%");
        DisruptionSync.Outcome outcome = DisruptionSync.compute(pdb, pods, finders, Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(outcome.expectedPods()).isEqualTo(9);
        assertThat(outcome.desiredHealthy()).as("9 - ceil(0.9)").isEqualTo(8);
    }

    @Test
    void aControllerRefWhoseUidDoesNotMatchIsNotFound() {
        ReplicaSet recreated = new ReplicaSetBuilder().withNewMetadata().withName("web").withUid("new").endMetadata()
                .withNewSpec().withReplicas(2).endSpec().build();
        List<ControllerScale.Finder> finders = ScaleFinders.of(lister(List.of(recreated)), lister(List.<Deployment>of()),
                lister(List.<StatefulSet>of()), lister(List.<ReplicationController>of()));
        OwnerReference stale = ref("apps/v1", "ReplicaSet", "web", "old");
        assertThat(finders.stream().map(f -> f.find(stale, "ns")).allMatch(java.util.Optional::isEmpty)).isTrue();
    }
}
