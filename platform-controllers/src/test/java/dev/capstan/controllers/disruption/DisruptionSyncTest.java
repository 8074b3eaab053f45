package dev.capstan.controllers.disruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DisruptionSyncTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
    /** Every pod's controller is "rs" with 5 replicas. */
    private static final List<ControllerScale.Finder> FIVE_REPLICAS =
            List.of((ref, ns) -> Optional.of(new ControllerScale("rs-uid", 5)));

    static PodDisruptionBudget pdb(Object minAvailable, Object maxUnavailable) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName("pdb").withNamespace("ns").withGeneration(3L).endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withMinAvailable(minAvailable == null ? null : new IntOrString(minAvailable))
                .withMaxUnavailable(maxUnavailable == null ? null : new IntOrString(maxUnavailable)).endSpec().build();
    }

    static Pod pod(String name, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withLabels(Map.of("app", "web"))
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("rs").withUid("rs-uid")
                .withController(true).endOwnerReference().endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus()
                .build();
    }

    static List<Pod> pods(int ready, int notReady) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < ready + notReady; i++) {
            pods.add(pod("p" + i, i < ready));
        }
        return pods;
    }

    static Stream<Arguments> budgets() {
        return Stream.of(
                // name, minAvailable, maxUnavailable, ready, notReady, expected, desired, healthy, allowed
                Arguments.of("minAvailable 2 over 3 ready pods allows 1", 2, null, 3, 0, 3, 2, 3, 1),
                Arguments.of("minAvailable 3 over 3 ready pods allows none", 3, null, 3, 0, 3, 3, 3, 0),
                Arguments.of("minAvailable as an int counts existing pods, not replicas", 1, null, 2, 1, 3, 1, 2, 1),
                Arguments.of("minAvailable 50% of 5 replicas rounds up to 3", "50%", null, 4, 0, 5, 3, 4, 1),
                Arguments.of("maxUnavailable 1 of 5 replicas needs 4 healthy", null, 1, 5, 0, 5, 4, 5, 1),
                Arguments.of("maxUnavailable 1 with a pod down allows none", null, 1, 4, 1, 5, 4, 4, 0),
                Arguments.of("maxUnavailable 30% of 5 rounds up to 2 unavailable", null, "30%", 5, 0, 5, 3, 5, 2),
                Arguments.of("maxUnavailable larger than the scale desires nothing", null, 9, 2, 0, 5, 0, 2, 2),
                Arguments.of("no pods allow no disruption", 0, null, 0, 0, 0, 0, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("budgets")
    void disruptionsAllowedIsHealthyMinusDesired(String name, Object minAvailable, Object maxUnavailable, int ready, int notReady,
                                                int expected, int desired, int healthy, int allowed) {
        DisruptionSync.Outcome outcome = DisruptionSync.compute(pdb(minAvailable, maxUnavailable), pods(ready, notReady), FIVE_REPLICAS, NOW);
        assertThat(outcome.expectedPods()).as("expected").isEqualTo(expected);
        assertThat(outcome.desiredHealthy()).as("desired").isEqualTo(desired);
        assertThat(outcome.currentHealthy()).as("healthy").isEqualTo(healthy);
        assertThat(outcome.disruptionsAllowed()).as("allowed").isEqualTo(allowed);
    }

    @Test
    void podsWithoutControllerAreReportedAsUnmanagedAndPodsWithAnUnknownControllerFailTheSync() {
        Pod orphan = new PodBuilder(pod("orphan", true)).editMetadata().withOwnerReferences(List.of()).endMetadata().build();
        DisruptionSync.Outcome outcome = DisruptionSync.compute(pdb(null, 1), List.of(orphan, pod("a", true)), FIVE_REPLICAS, NOW);
        assertThat(outcome.unmanagedPods()).containsExactly("orphan");
        assertThat(outcome.expectedPods()).isEqualTo(5);
        assertThatThrownBy(() -> DisruptionSync.compute(pdb(null, 1), List.of(pod("a", true)), List.of((r, n) -> Optional.empty()), NOW))
                .hasMessage("found no controllers for pod \"a\"");
    }

    @Test
    void recentlyDisruptedPodsDoNotCountAsHealthyAndExpiredEntriesArePruned() {
        PodDisruptionBudget budget = new PodDisruptionBudgetBuilder(pdb(1, null)).withNewStatus()
                .withDisruptedPods(Map.of("p0", "2026-01-01T00:09:00Z", "p1", "2026-01-01T00:00:00Z", "gone", "2026-01-01T00:09:00Z"))
                .endStatus().build();
        DisruptionSync.Outcome outcome = DisruptionSync.compute(budget, pods(3, 0), FIVE_REPLICAS, NOW);
        assertThat(outcome.disruptedPods()).containsOnlyKeys("p0");
        assertThat(outcome.notDeleted()).containsExactly("p1");
        assertThat(outcome.currentHealthy()).isEqualTo(2);
        assertThat(outcome.recheck()).isEqualTo(Instant.parse("2026-01-01T00:11:00Z"));
    }

    @Test
    void theStatusCarriesTheConditionAndIsNotRewrittenWhenUpToDate() {
        PodDisruptionBudget budget = pdb(2, null);
        DisruptionSync.Outcome outcome = DisruptionSync.compute(budget, pods(3, 0), FIVE_REPLICAS, NOW);
        PodDisruptionBudgetStatus status = PdbStatus.updated(budget, outcome, NOW);
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("DisruptionAllowed");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("SufficientPods");
        });
        PodDisruptionBudget stored = new PodDisruptionBudgetBuilder(budget).withStatus(status).build();
        assertThat(PdbStatus.updated(stored, outcome, NOW.plusSeconds(5))).isNull();

        DisruptionSync.Outcome fewer = DisruptionSync.compute(stored, pods(2, 1), FIVE_REPLICAS, NOW);
        assertThat(PdbStatus.updated(stored, fewer, NOW).getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("InsufficientPods");
        });
        assertThat(PdbStatus.failSafe(stored, "boom", NOW).getConditions()).singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("SyncFailed"));
    }
}
