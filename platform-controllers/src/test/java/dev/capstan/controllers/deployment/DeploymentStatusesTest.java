package dev.capstan.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeploymentStatusesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

    private static Deployment withProgressing(Deployment d, String reason, String status, Instant lastUpdate,
            int replicas, int updated, int available) {
        DeploymentCondition c = Conditions.create(Conditions.PROGRESSING, status, reason, "m", lastUpdate);
        return new DeploymentBuilder(d).withNewStatus().withReplicas(replicas).withUpdatedReplicas(updated)
                .withAvailableReplicas(available).withReadyReplicas(available).withObservedGeneration(1L)
                .withConditions(c).endStatus().build();
    }

    @ParameterizedTest(name = "{0} available of 3 (maxUnavailable {1}) -> Available {2} {3}")
    @CsvSource({
        "3, 0, True, MinimumReplicasAvailable",
        "2, 0, False, MinimumReplicasUnavailable",
        "2, 1, True, MinimumReplicasAvailable",
        "1, 1, False, MinimumReplicasUnavailable",
    })
    void availableConditionFollowsMinimumAvailability(int available, String maxUnavailable, String status, String reason) {
        Deployment d = Fixtures.rolling(3, "1", maxUnavailable);
        ReplicaSet newRS = Fixtures.rs("new", 3, available, 1);
        DeploymentStatus s = DeploymentStatuses.calculate(d, List.of(newRS), newRS, NOW);
        DeploymentCondition c = Conditions.get(s, Conditions.AVAILABLE);
        assertThat(c.getStatus()).isEqualTo(status);
        assertThat(c.getReason()).isEqualTo(reason);
    }

    @Test
    void countsComeFromTheReplicaSets() {
        Deployment d = new DeploymentBuilder(Fixtures.rolling(3, "1", "0")).editMetadata().withGeneration(4L).endMetadata()
                .withNewStatus().withCollisionCount(2).endStatus().build();
        ReplicaSet old = Fixtures.rs("old", 2, 2, 1);
        ReplicaSet newRS = Fixtures.rs("new", 2, 1, 2);
        DeploymentStatus s = DeploymentStatuses.calculate(d, List.of(old, newRS), newRS, NOW);
        assertThat(s.getReplicas()).isEqualTo(4);
        assertThat(s.getUpdatedReplicas()).isEqualTo(2);
        assertThat(s.getReadyReplicas()).isEqualTo(3);
        assertThat(s.getAvailableReplicas()).isEqualTo(3);
        assertThat(s.getUnavailableReplicas()).isEqualTo(1);
        assertThat(s.getObservedGeneration()).isEqualTo(4L);
        assertThat(s.getCollisionCount()).isEqualTo(2);
    }

    @Test
    void aCompleteRolloutReportsNewReplicaSetAvailable() {
        Deployment d = withProgressing(Fixtures.rolling(3, "1", "0"), Conditions.REPLICA_SET_UPDATED_REASON, "True",
                NOW.minusSeconds(10), 4, 3, 3);
        ReplicaSet newRS = Fixtures.rs("web-abc", 3, 3, 2);
        DeploymentStatus s = DeploymentStatuses.rollout(d, List.of(Fixtures.rs("old", 0, 0, 1), newRS), newRS, NOW);
        DeploymentCondition c = Conditions.get(s, Conditions.PROGRESSING);
        assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(c.getMessage()).isEqualTo("ReplicaSet \"web-abc\" has successfully progressed.");
        assertThat(c.getStatus()).isEqualTo("True");
        assertThat(DeploymentStatuses.requeueAfter(d, s, NOW)).isNull();
    }

    @Test
    void progressRefreshesLastUpdateTimeButKeepsTheTransition() {
        Instant earlier = NOW.minusSeconds(100);
        Deployment d = withProgressing(Fixtures.rolling(3, "1", "0"), Conditions.NEW_RS_REASON, "True", earlier, 3, 0, 3);
        ReplicaSet newRS = Fixtures.rs("web-abc", 1, 0, 2);
        ReplicaSet old = Fixtures.rs("old", 3, 3, 1);
        DeploymentStatus s = DeploymentStatuses.rollout(d, List.of(old, newRS), newRS, NOW);
        DeploymentCondition c = Conditions.get(s, Conditions.PROGRESSING);
        assertThat(c.getReason()).isEqualTo("ReplicaSetUpdated");
        assertThat(c.getMessage()).isEqualTo("ReplicaSet \"web-abc\" is progressing.");
        assertThat(c.getLastUpdateTime()).isEqualTo("2026-01-01T01:00:00Z");
        assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:58:20Z");
    }

    @ParameterizedTest(name = "no progress for {0}s with a 600s deadline: timed out {1}")
    @CsvSource({"599, false", "601, true"})
    void noProgressPastTheDeadlineTimesOut(int seconds, boolean timedOut) {
        Deployment d = withProgressing(Fixtures.rolling(3, "1", "0"), Conditions.REPLICA_SET_UPDATED_REASON, "True",
                NOW.minusSeconds(seconds), 4, 1, 3);
        ReplicaSet newRS = Fixtures.rs("web-abc", 1, 0, 2);
        ReplicaSet old = Fixtures.rs("old", 3, 3, 1);
        DeploymentStatus s = DeploymentStatuses.rollout(d, List.of(old, newRS), newRS, NOW);
        DeploymentCondition c = Conditions.get(s, Conditions.PROGRESSING);
        assertThat(c.getReason()).isEqualTo(timedOut ? "ProgressDeadlineExceeded" : "ReplicaSetUpdated");
        assertThat(c.getStatus()).isEqualTo(timedOut ? "False" : "True");
        if (timedOut) {
            assertThat(c.getMessage()).isEqualTo("ReplicaSet \"web-abc\" has timed out progressing.");
        } else {
            // Unchanged status: look again just after the deadline.
            assertThat(DeploymentStatuses.requeueAfter(d, s, NOW)).isEqualTo(Duration.ofSeconds(600 - seconds + 1));
        }
    }

    @Test
    void withoutADeadlineThereIsNoProgressingCondition() {
        Deployment d = withProgressing(Fixtures.rolling(3, "1", "0"), Conditions.NEW_RS_REASON, "True", NOW, 3, 0, 3);
        d.getSpec().setProgressDeadlineSeconds(Integer.MAX_VALUE);
        ReplicaSet newRS = Fixtures.rs("web-abc", 1, 0, 2);
        DeploymentStatus s = DeploymentStatuses.rollout(d, List.of(newRS), newRS, NOW);
        assertThat(Conditions.get(s, Conditions.PROGRESSING)).isNull();
    }

    @Test
    void sameStatusReadsAbsentCountsAsZero() {
        DeploymentStatus a = new DeploymentStatus();
        DeploymentStatus b = new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(0)
                .withUpdatedReplicas(0).withObservedGeneration(0L).build();
        assertThat(DeploymentStatuses.same(a, b)).isTrue();
        b.setReplicas(1);
        assertThat(DeploymentStatuses.same(a, b)).isFalse();
    }

    @Test
    void settingAConditionWithTheSameStatusAndReasonChangesNothing() {
        DeploymentStatus s = new DeploymentStatus();
        Conditions.set(s, Conditions.create("Available", "True", "MinimumReplicasAvailable", "a", NOW.minusSeconds(60)));
        Conditions.set(s, Conditions.create("Available", "True", "MinimumReplicasAvailable", "a", NOW));
        assertThat(s.getConditions()).singleElement()
                .satisfies(c -> assertThat(c.getLastUpdateTime()).isEqualTo("2026-01-01T00:59:00Z"));
    }
}
