package dev.capstan.controllers.statefulset;

import static dev.capstan.controllers.statefulset.StatefulSetFixtures.State.FAILED;
import static dev.capstan.controllers.statefulset.StatefulSetFixtures.State.PENDING;
import static dev.capstan.controllers.statefulset.StatefulSetFixtures.State.READY;
import static dev.capstan.controllers.statefulset.StatefulSetFixtures.State.TERMINATING;
import static dev.capstan.controllers.statefulset.StatefulSetFixtures.pod;
import static dev.capstan.controllers.statefulset.StatefulSetFixtures.revision;
import static dev.capstan.controllers.statefulset.StatefulSetFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.controllers.statefulset.StatefulSetFixtures.State;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatefulSetSyncTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
    private static final String REV = revision(set(3, "OrderedReady"));

    private static List<Pod> pods(State... states) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            if (states[i] != null) {
                pods.add(pod(i, REV, states[i]));
            }
        }
        return pods;
    }

    static Stream<Arguments> scaling() {
        return Stream.of(
                Arguments.of("OrderedReady creates only ordinal 0 first", 3, "OrderedReady", pods(), List.of(0), List.of()),
                Arguments.of("OrderedReady waits while web-0 is not Ready", 3, "OrderedReady", pods(PENDING), List.of(), List.of()),
                Arguments.of("OrderedReady creates web-1 once web-0 is Ready", 3, "OrderedReady", pods(READY), List.of(1), List.of()),
                Arguments.of("OrderedReady creates web-2 once web-0 and web-1 are Ready", 3, "OrderedReady",
                        pods(READY, READY), List.of(2), List.of()),
                Arguments.of("OrderedReady recreates a missing lower ordinal first", 3, "OrderedReady",
                        pods(null, READY), List.of(0), List.of()),
                Arguments.of("OrderedReady deletes a failed pod and stops", 3, "OrderedReady",
                        pods(READY, FAILED), List.of(), List.of("web-1")),
                Arguments.of("Parallel creates every missing ordinal at once", 3, "Parallel", pods(), List.of(0, 1, 2), List.of()),
                Arguments.of("Parallel does not wait for unready pods", 3, "Parallel", pods(PENDING), List.of(1, 2), List.of()),
                Arguments.of("OrderedReady scales down from the highest ordinal, one at a time", 1, "OrderedReady",
                        pods(READY, READY, READY), List.of(), List.of("web-2")),
                Arguments.of("OrderedReady waits for the terminating pod before the next", 1, "OrderedReady",
                        pods(READY, READY, TERMINATING), List.of(), List.of()),
                Arguments.of("OrderedReady does not scale down while a kept pod is unready", 1, "OrderedReady",
                        pods(PENDING, READY, READY), List.of(), List.of()),
                Arguments.of("OrderedReady may delete the lowest unhealthy condemned pod", 1, "OrderedReady",
                        pods(READY, PENDING, READY), List.of(), List.of("web-2")),
                Arguments.of("Parallel scales down every condemned pod at once", 1, "Parallel",
                        pods(READY, READY, READY), List.of(), List.of("web-2", "web-1")),
                Arguments.of("nothing to do when all replicas are Ready", 3, "OrderedReady",
                        pods(READY, READY, READY), List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scaling")
    void createsAndDeletesOrdinalsByPolicy(String description, int replicas, String policy, List<Pod> pods,
                                           List<Integer> create, List<String> delete) {
        StatefulSetPlan plan = StatefulSetSync.plan(set(replicas, policy), pods, NOW);
        assertThat(plan.create()).isEqualTo(create);
        assertThat(plan.delete()).isEqualTo(delete);
    }

    static Stream<Arguments> rollingUpdates() {
        return Stream.of(
                Arguments.of("replaces the highest ordinal first", "RollingUpdate", null,
                        List.of("old", "old", "old"), List.of(READY, READY, READY), List.of("web-2")),
                Arguments.of("replaces the next lower ordinal once the updated one is Ready", "RollingUpdate", null,
                        List.of("old", "old", "new"), List.of(READY, READY, READY), List.of("web-1")),
                Arguments.of("waits while the updated pod is not Ready", "RollingUpdate", null,
                        List.of("old", "old", "new"), List.of(READY, READY, PENDING), List.of()),
                Arguments.of("stops at the partition", "RollingUpdate", 2,
                        List.of("old", "old", "new"), List.of(READY, READY, READY), List.of()),
                Arguments.of("updates ordinals at or above the partition", "RollingUpdate", 1,
                        List.of("old", "old", "new"), List.of(READY, READY, READY), List.of("web-1")),
                Arguments.of("OnDelete never deletes pods for an update", "OnDelete", null,
                        List.of("old", "old", "old"), List.of(READY, READY, READY), List.of()),
                Arguments.of("does nothing once every pod is updated", "RollingUpdate", null,
                        List.of("new", "new", "new"), List.of(READY, READY, READY), List.of()));
    }

    @ParameterizedTest(name = "a rolling update {0}")
    @MethodSource("rollingUpdates")
    void rollsFromTheHighestOrdinalDown(String description, String strategy, Integer partition, List<String> revisions,
                                        List<State> states, List<String> delete) {
        StatefulSet updated = set(3, "OrderedReady", strategy, partition, "nginx:2");
        String newRev = revision(updated);
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < revisions.size(); i++) {
            pods.add(pod(i, revisions.get(i).equals("new") ? newRev : REV, states.get(i)));
        }
        StatefulSetPlan plan = StatefulSetSync.plan(updated, pods, NOW);
        assertThat(plan.create()).isEmpty();
        assertThat(plan.delete()).isEqualTo(delete);
    }

    @Test
    void statusCountsPodsAndPromotesTheUpdateRevisionWhenTheRolloutCompletes() {
        StatefulSet updated = set(3, "OrderedReady", "RollingUpdate", null, "nginx:2");
        updated.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder().withCurrentRevision(REV).build());
        String newRev = revision(updated);

        var midway = StatefulSetSync.plan(updated, List.of(pod(0, REV, READY), pod(1, REV, READY), pod(2, newRev, PENDING)), NOW)
                .status();
        assertThat(midway.getReplicas()).isEqualTo(3);
        assertThat(midway.getReadyReplicas()).isEqualTo(2);
        assertThat(midway.getAvailableReplicas()).isEqualTo(2);
        assertThat(midway.getCurrentReplicas()).isEqualTo(2);
        assertThat(midway.getUpdatedReplicas()).isEqualTo(1);
        assertThat(midway.getCurrentRevision()).isEqualTo(REV);
        assertThat(midway.getUpdateRevision()).isEqualTo(newRev);
        assertThat(midway.getObservedGeneration()).isEqualTo(2L);

        var done = StatefulSetSync.plan(updated, List.of(pod(0, newRev, READY), pod(1, newRev, READY), pod(2, newRev, READY)), NOW)
                .status();
        assertThat(done.getCurrentRevision()).isEqualTo(newRev);
        assertThat(done.getCurrentReplicas()).isEqualTo(3);
    }

    @Test
    void ordinalsStartAtSpecOrdinalsStart() {
        StatefulSet set = set(2, "OrderedReady");
        set.getSpec().setOrdinals(new io.fabric8.kubernetes.api.model.apps.StatefulSetOrdinals(3));
        assertThat(StatefulSetSync.plan(set, List.of(), NOW).create()).containsExactly(3);
        assertThat(StatefulSetSync.plan(set, List.of(pod(3, REV, READY)), NOW).create()).containsExactly(4);
        // pods below the start are condemned like those above the end
        assertThat(StatefulSetSync.plan(set, List.of(pod(0, REV, READY), pod(3, REV, READY), pod(4, REV, READY)), NOW).delete())
                .containsExactly("web-0");
    }

    @Test
    void podsNotNamedAfterTheSetAreIgnored() {
        Pod stranger = pod(0, REV, READY);
        stranger.getMetadata().setName("webserver-0");
        assertThat(StatefulSetSync.ordinal("web", stranger)).isEqualTo(-1);
        assertThat(StatefulSetSync.plan(set(1, "OrderedReady"), List.of(stranger), NOW).create()).containsExactly(0);
    }
}
