package dev.capstan.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaKindsTest {

    private static final ReplicaStatus STATUS = new ReplicaStatus(3, 2, 1, 0, 7,
            List.of(new ReplicaCondition("ReplicaFailure", "True", "FailedCreate", "quota", "2026-01-01T00:00:00Z")));

    @Test
    void aReplicaSetIsReadWithItsControllerAndWrittenWithoutTouchingTheCachedObject() {
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata().withName("web-1").withNamespace("ns").withUid("rs-uid").withGeneration(7L)
                .addNewOwnerReference().withKind("Deployment").withName("web").withUid("dep-uid").withController(true)
                .endOwnerReference().endMetadata()
                .withNewSpec().withReplicas(3).withMinReadySeconds(5).withNewSelector().withMatchLabels(Map.of("app", "web"))
                .endSelector().withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata().endTemplate()
                .endSpec()
                .withNewStatus().withReplicas(1).withTerminatingReplicas(4).endStatus().build();
        ReplicaSetKind kind = new ReplicaSetKind();

        ReplicaOwner owner = kind.view(rs);
        assertThat(owner.kind()).isEqualTo("ReplicaSet");
        assertThat(owner.apiVersion()).isEqualTo("apps/v1");
        assertThat(owner.replicas()).isEqualTo(3);
        assertThat(owner.minReadySeconds()).isEqualTo(5);
        assertThat(owner.generation()).isEqualTo(7);
        assertThat(owner.controllerUid()).isEqualTo("dep-uid");
        assertThat(owner.status().replicas()).isEqualTo(1);
        assertThat(owner.selector().matches(Map.of("app", "web"))).isTrue();

        ReplicaSet written = kind.withStatus(rs, STATUS);
        assertThat(kind.view(written).status()).isEqualTo(STATUS);
        assertThat(written.getStatus().getTerminatingReplicas()).as("fields it does not compute are kept").isEqualTo(4);
        assertThat(rs.getStatus().getReplicas()).as("the cached object is unchanged").isEqualTo(1);
    }

    @Test
    void aReplicationControllerWithoutSelectorSelectsItsTemplateLabels() {
        ReplicationController rc = new ReplicationControllerBuilder()
                .withNewMetadata().withName("legacy").withNamespace("ns").withUid("rc-uid").endMetadata()
                .withNewSpec().withReplicas(2).withNewTemplate().withNewMetadata().withLabels(Map.of("app", "legacy")).endMetadata()
                .endTemplate().endSpec().build();
        ReplicationControllerKind kind = new ReplicationControllerKind();

        ReplicaOwner owner = kind.view(rc);
        assertThat(owner.kind()).isEqualTo("ReplicationController");
        assertThat(owner.apiVersion()).isEqualTo("v1");
        assertThat(owner.status()).isEqualTo(ReplicaStatus.EMPTY);
        assertThat(owner.selector().matches(Map.of("app", "legacy", "x", "y"))).isTrue();
        assertThat(owner.selector().matches(Map.of("app", "other"))).isFalse();

        assertThat(kind.view(kind.withStatus(rc, STATUS)).status()).isEqualTo(STATUS);
        assertThat(rc.getStatus()).isNull();
    }
}
