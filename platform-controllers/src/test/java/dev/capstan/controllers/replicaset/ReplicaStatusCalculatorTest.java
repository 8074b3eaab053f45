package dev.capstan.controllers.replicaset;

import static dev.capstan.controllers.replicaset.Pods.NOW;
import static dev.capstan.controllers.replicaset.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicaStatusCalculatorTest {

    private static final Map<String, String> FULL = Map.of("app", "web", "tier", "front");

    static Stream<Arguments> counts() {
        return Stream.of(
                Arguments.of("no pods count nothing", 0, List.of(), 0, 0, 0, 0),
                Arguments.of("a pod without every template label is not fully labeled", 0,
                        List.of(pod("a").labels(Owners.APP)), 1, 0, 0, 0),
                Arguments.of("ready pods are available at once without minReadySeconds", 0,
                        List.of(pod("a").labels(FULL).readySince(NOW), pod("b").labels(FULL).notReady()), 2, 2, 1, 1),
                Arguments.of("a pod ready for less than minReadySeconds is ready but not available", 10,
                        List.of(pod("a").labels(FULL).readySince(NOW.minusSeconds(5))), 1, 1, 1, 0),
                Arguments.of("a pod ready for exactly minReadySeconds is not yet available (strictly after)", 10,
                        List.of(pod("a").labels(FULL).readySince(NOW.minusSeconds(10))), 1, 1, 1, 0),
                Arguments.of("a pod ready for longer than minReadySeconds is available", 10,
                        List.of(pod("a").labels(FULL).readySince(NOW.minusSeconds(11))), 1, 1, 1, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("counts")
    void countsReplicas(String why, int minReadySeconds, List<Pods> pods, int replicas, int fullyLabeled, int ready, int available) {
        ReplicaOwner owner = Owners.owner(3, minReadySeconds, ReplicaStatus.EMPTY, false);

        ReplicaStatus status = ReplicaStatusCalculator.calculate(owner, pods.stream().map(Pods::build).toList(), null, NOW);

        assertThat(status.replicas()).isEqualTo(replicas);
        assertThat(status.fullyLabeledReplicas()).isEqualTo(fullyLabeled);
        assertThat(status.readyReplicas()).isEqualTo(ready);
        assertThat(status.availableReplicas()).isEqualTo(available);
    }

    @Test
    void aFailedCreateAddsReplicaFailureOnce() {
        ReplicaOwner owner = Owners.owner(3);

        ReplicaStatus status = ReplicaStatusCalculator.calculate(owner, List.of(), "pods \"x\" is forbidden: quota", NOW);

        ReplicaCondition failure = status.condition("ReplicaFailure");
        assertThat(failure.status()).isEqualTo("True");
        assertThat(failure.reason()).isEqualTo("FailedCreate");
        assertThat(failure.message()).isEqualTo("pods \"x\" is forbidden: quota");
        assertThat(failure.lastTransitionTime()).isEqualTo("2026-01-01T12:00:00Z");

        ReplicaOwner failed = Owners.owner(3, 0, status, false);
        ReplicaStatus again = ReplicaStatusCalculator.calculate(failed, List.of(), "another error", NOW.plusSeconds(5));
        assertThat(again.conditions()).containsExactly(failure);
    }

    @Test
    void aFailedDeleteIsReportedAsFailedDelete() {
        List<Pod> pods = List.of(pod("a").build(), pod("b").build());

        ReplicaStatus status = ReplicaStatusCalculator.calculate(Owners.owner(1), pods, "boom", NOW);

        assertThat(status.condition("ReplicaFailure").reason()).isEqualTo("FailedDelete");
    }

    @Test
    void aCleanSyncRemovesReplicaFailure() {
        ReplicaCondition failure = new ReplicaCondition("ReplicaFailure", "True", "FailedCreate", "x", "2026-01-01T00:00:00Z");
        ReplicaOwner owner = Owners.owner(0, 0, Owners.status(0, 0, 0, 2, List.of(failure)), false);

        assertThat(ReplicaStatusCalculator.calculate(owner, List.of(), null, NOW).conditions()).isEmpty();
    }

    static Stream<Arguments> updates() {
        return Stream.of(
                Arguments.of("nothing changed and the generation is observed", Owners.status(1, 1, 1, 2, List.of()), false),
                Arguments.of("the generation is not observed yet", Owners.status(1, 1, 1, 1, List.of()), true),
                Arguments.of("the ready count changed", Owners.status(1, 0, 0, 2, List.of()), true),
                Arguments.of("a condition must go", Owners.status(1, 1, 1, 2,
                        List.of(new ReplicaCondition("ReplicaFailure", "True", "FailedCreate", "x", "t"))), true));
    }

    @ParameterizedTest(name = "written when {0}: {2}")
    @MethodSource("updates")
    void writesTheStatusOnlyWhenChanged(String why, ReplicaStatus old, boolean written) {
        ReplicaOwner owner = Owners.owner(1, 0, old, false);
        List<Pod> pods = List.of(pod("a").labels(FULL).readySince(NOW).build());

        ReplicaStatus calculated = ReplicaStatusCalculator.calculate(owner, pods, null, NOW);

        assertThat(ReplicaStatusCalculator.needsUpdate(owner, calculated)).isEqualTo(written);
        assertThat(ReplicaStatusCalculator.observed(owner, calculated).observedGeneration()).isEqualTo(2);
    }

    @Test
    void looksAgainWhenTheSoonestReadyPodBecomesAvailable() {
        ReplicaOwner owner = Owners.owner(3, 30, ReplicaStatus.EMPTY, false);
        List<Pod> pods = List.of(pod("a").readySince(NOW.minusSeconds(10)).build(), pod("b").readySince(NOW.minusSeconds(25)).build(),
                pod("c").readySince(NOW.minusSeconds(100)).build(), pod("d").notReady().build());

        assertThat(ReplicaStatusCalculator.nextAvailabilityCheck(owner, pods, NOW)).isEqualTo(Duration.ofSeconds(5).plusMillis(1));
    }

    @Test
    void doesNotLookAgainWithoutMinReadySecondsOrReadyPods() {
        List<Pod> pods = List.of(pod("a").readySince(NOW).build());

        assertThat(ReplicaStatusCalculator.nextAvailabilityCheck(Owners.owner(1), pods, NOW)).isNull();
        assertThat(ReplicaStatusCalculator.nextAvailabilityCheck(Owners.owner(1, 30, ReplicaStatus.EMPTY, false),
                List.of(pod("b").notReady().build()), NOW)).isNull();
    }
}
