package dev.capstan.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutsTest {

    @ParameterizedTest(name = "maxSurge {0} and maxUnavailable {1} of {2} replicas resolve to {3} and {4}")
    @CsvSource({
        "25%, 25%, 10, 3, 2",   // surge rounds up, unavailable down
        "25%, 25%, 4, 1, 1",
        "25%, 25%, 1, 1, 0",
        "25%, 25%, 3, 1, 0",
        "1, 0, 3, 1, 0",
        "0, 1, 3, 0, 1",
        "0%, 0%, 3, 0, 1",      // both zero after rounding: unavailable becomes 1
        "50%, 50%, 3, 2, 1",
        "100%, 100%, 5, 5, 5",
        "10%, 10%, 0, 0, 1",
        "2, 30%, 7, 2, 2",
    })
    void fencepostsRoundAsUpstream(String surge, String unavailable, int desired, int expectedSurge, int expectedUnavailable) {
        int[] resolved = Rollouts.resolveFenceposts(Fixtures.intOrPercent(surge), Fixtures.intOrPercent(unavailable), desired);
        assertThat(resolved).containsExactly(expectedSurge, expectedUnavailable);
    }

    @ParameterizedTest(name = "maxUnavailable {1} of {0} replicas is capped at {2}")
    @CsvSource({"3, 5, 3", "0, 1, 0", "4, 100%, 4", "4, 1, 1"})
    void maxUnavailableNeverExceedsReplicas(int replicas, String unavailable, int expected) {
        assertThat(Rollouts.maxUnavailable(Fixtures.rolling(replicas, "1", unavailable))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "new RS at {1} with old ones at {2} (desired {0}, surge {3}) may grow to {4}")
    @CsvSource({
        "3, 0, 3, 1, 1",
        "3, 1, 3, 1, 1",   // already at desired + surge
        "3, 1, 2, 1, 2",
        "3, 2, 0, 1, 3",   // never beyond desired
        "10, 0, 10, 25%, 3",
    })
    void newReplicaSetGrowsWithinTheSurge(int desired, int newSize, int oldSize, String surge, int expected) {
        ReplicaSet newRS = Fixtures.rs("new", newSize, newSize, 2);
        ReplicaSet old = Fixtures.rs("old", oldSize, oldSize, 1);
        var d = Fixtures.rolling(desired, surge, "0");
        assertThat(Rollouts.newRSNewReplicas(d, List.of(old, newRS), newRS)).isEqualTo(expected);
    }
}
