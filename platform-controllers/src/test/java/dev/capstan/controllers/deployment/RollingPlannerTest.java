package dev.capstan.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RollingPlannerTest {

    @ParameterizedTest(name = "desired {0}, surge {1}, unavailable {2}: new {3} ({4} available), old {5} ({6} available) -> new {7}")
    @CsvSource(nullValues = "-", value = {
        "3, 1, 0, 0, 0, 3, 3, 1",
        "3, 1, 0, 1, 0, 3, 3, -",   // at the surge limit: wait
        "3, 1, 0, 1, 1, 2, 2, 2",
        "3, 1, 0, 3, 3, 0, 0, -",   // done
        "3, 0, 1, 0, 0, 3, 3, -",   // no surge: old ones must go down first
        "3, 0, 1, 0, 0, 2, 2, 1",
        "3, 1, 0, 5, 5, 0, 0, 3",   // larger than desired: straight down
    })
    void newReplicaSetStep(int desired, String surge, String unavailable, int newSize, int newAvailable, int oldSize,
            int oldAvailable, Integer expected) {
        Deployment d = Fixtures.rolling(desired, surge, unavailable);
        ReplicaSet newRS = Fixtures.rs("new", newSize, newAvailable, 2);
        ReplicaSet old = Fixtures.rs("old", oldSize, oldAvailable, 1);
        assertThat(RollingPlanner.newReplicaSetTarget(d, List.of(old, newRS), newRS)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "desired {0}, surge {1}, unavailable {2}: new {3} ({4} available), old {5} ({6} available) -> old {7}")
    @CsvSource({
        "3, 1, 0, 1, 0, 3, 3, 3",   // new pod not available yet: keep all old ones
        "3, 1, 0, 1, 1, 3, 3, 2",
        "3, 0, 1, 0, 0, 3, 3, 2",
        "3, 1, 0, 3, 3, 1, 1, 0",
        "3, 1, 0, 1, 1, 3, 1, 2",   // one unhealthy old replica is cleaned up (all that may go)
        "4, 1, 1, 1, 0, 4, 4, 3",
    })
    void oldReplicaSetStep(int desired, String surge, String unavailable, int newSize, int newAvailable, int oldSize,
            int oldAvailable, int expectedOld) {
        Deployment d = Fixtures.rolling(desired, surge, unavailable);
        ReplicaSet newRS = Fixtures.rs("new", newSize, newAvailable, 2);
        ReplicaSet old = Fixtures.rs("old", oldSize, oldAvailable, 1);
        List<Scaling> steps = RollingPlanner.oldReplicaSetScaleDowns(d, List.of(old, newRS), List.of(old), newRS);
        int finalOld = steps.isEmpty() ? oldSize : steps.get(steps.size() - 1).to();
        assertThat(finalOld).isEqualTo(expectedOld);
    }

    @Test
    void olderReplicaSetsAreScaledDownFirst() {
        Deployment d = Fixtures.rolling(4, "0", "2");
        ReplicaSet oldest = Fixtures.rs("a", 2, 2, 1);
        ReplicaSet older = Fixtures.rs("b", 2, 2, 2);
        ReplicaSet newRS = Fixtures.rs("new", 0, 0, 3);
        List<Scaling> steps = RollingPlanner.oldReplicaSetScaleDowns(d, List.of(older, oldest, newRS), List.of(older, oldest), newRS);
        assertThat(steps).containsExactly(Scaling.to("a", 0));
    }

    @ParameterizedTest(name = "a rollout of {0} with maxSurge {1} and maxUnavailable {2} keeps its bounds at every step")
    @CsvSource({"3, 1, 0", "3, 0, 1", "10, 25%, 25%", "5, 2, 2", "1, 1, 0", "1, 0, 1", "7, 30%, 0"})
    void simulatedRolloutStaysWithinBounds(int desired, String surge, String unavailable) {
        Deployment d = Fixtures.rolling(desired, surge, unavailable);
        int maxTotal = desired + Rollouts.maxSurge(d);
        int minAvailable = desired - Rollouts.maxUnavailable(d);
        Map<String, ReplicaSet> sets = new LinkedHashMap<>();
        sets.put("old", Fixtures.rs("old", desired, desired, 1));
        sets.put("new", Fixtures.rs("new", 0, 0, 2));
        for (int round = 0; round < 100; round++) {
            List<ReplicaSet> all = new ArrayList<>(sets.values());
            ReplicaSet newRS = sets.get("new");
            Integer target = RollingPlanner.newReplicaSetTarget(d, all, newRS);
            if (target != null) {
                // Pods of a scale-up start unavailable.
                sets.put("new", Fixtures.withReplicas(newRS, target, Rollouts.available(newRS)));
            } else {
                List<Scaling> downs = RollingPlanner.oldReplicaSetScaleDowns(d, all, ReplicaSets.active(List.of(sets.get("old"))), newRS);
                for (Scaling s : downs) {
                    ReplicaSet rs = sets.get(s.replicaSet());
                    sets.put(s.replicaSet(), Fixtures.withReplicas(rs, s.to(), Math.min(s.to(), Rollouts.available(rs))));
                }
                if (downs.isEmpty()) {
                    // Nothing to do until the new pods become available.
                    sets.put("new", Fixtures.withReplicas(newRS, Rollouts.replicas(newRS), Rollouts.replicas(newRS)));
                }
            }
            List<ReplicaSet> now = new ArrayList<>(sets.values());
            assertThat(Rollouts.specReplicas(now)).isLessThanOrEqualTo(maxTotal);
            assertThat(Rollouts.availableReplicas(now)).isGreaterThanOrEqualTo(minAvailable);
        }
        assertThat(Rollouts.replicas(sets.get("new"))).isEqualTo(desired);
        assertThat(Rollouts.available(sets.get("new"))).isEqualTo(desired);
        assertThat(Rollouts.replicas(sets.get("old"))).isZero();
    }
}
