package dev.capstan.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProportionalScalerTest {

    private static Map<String, String> max(int maxReplicas, int desired) {
        return Map.of(Revisions.MAX_REPLICAS, String.valueOf(maxReplicas), Revisions.DESIRED_REPLICAS, String.valueOf(desired));
    }

    private static Map<String, Integer> sizes(List<Scaling> steps) {
        return steps.stream().collect(Collectors.toMap(Scaling::replicaSet, Scaling::to));
    }

    @ParameterizedTest(name = "old {1} + new {2} (max was {3}) scaled to {0} with surge {4} -> old {5}, new {6}")
    @CsvSource({
        "12, 8, 5, 13, 3, 9, 6",     // 10 -> 12 mid-rollout: 2 more spread 1 and 1
        "20, 7, 3, 10, 0, 14, 6",    // doubling doubles both
        "5, 8, 5, 13, 3, 5, 3",      // 10 -> 5: back to desired + surge (8) by proportion
        "0, 8, 5, 13, 3, 0, 0",      // scaled to zero: everything goes
    })
    void midRolloutResizesSpreadByProportion(int desired, int oldSize, int newSize, int maxBefore, String surge,
            int expectedOld, int expectedNew) {
        Deployment d = Fixtures.rolling(desired, surge, "2");
        ReplicaSet old = Fixtures.rs("old", oldSize, oldSize, 1, max(maxBefore, maxBefore - Integer.parseInt(surge)));
        ReplicaSet newRS = Fixtures.rs("new", newSize, 0, 2, max(maxBefore, maxBefore - Integer.parseInt(surge)));
        Map<String, Integer> sizes = sizes(ProportionalScaler.scale(d, newRS, List.of(old)));
        assertThat(sizes).containsEntry("old", expectedOld).containsEntry("new", expectedNew);
    }

    @Test
    void leftoversGoToTheNewestOfEqualSizesWhenScalingUp() {
        Deployment d = Fixtures.rolling(4, "0", "1");
        ReplicaSet a = Fixtures.rs("a", 1, 1, 1, max(3, 3));
        ReplicaSet b = Fixtures.rs("b", 1, 1, 2, max(3, 3));
        ReplicaSet c = Fixtures.rs("c", 1, 0, 3, max(3, 3));
        Map<String, Integer> sizes = sizes(ProportionalScaler.scale(d, c, List.of(a, b)));
        assertThat(sizes).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 1, "c", 2));
    }

    @Test
    void leftoversComeFromTheOldestOfEqualSizesWhenScalingDown() {
        Deployment d = Fixtures.rolling(2, "0", "1");
        ReplicaSet a = Fixtures.rs("a", 1, 1, 1, max(3, 3));
        ReplicaSet b = Fixtures.rs("b", 1, 1, 2, max(3, 3));
        ReplicaSet c = Fixtures.rs("c", 1, 0, 3, max(3, 3));
        Map<String, Integer> sizes = sizes(ProportionalScaler.scale(d, c, List.of(a, b)));
        assertThat(sizes).containsExactlyInAnyOrderEntriesOf(Map.of("a", 0, "b", 1, "c", 1));
    }

    @Test
    void aSingleActiveReplicaSetTakesTheWholeDeployment() {
        Deployment d = Fixtures.rolling(5, "1", "0");
        ReplicaSet old = Fixtures.rs("old", 0, 0, 1);
        ReplicaSet newRS = Fixtures.rs("new", 3, 3, 2);
        assertThat(ProportionalScaler.scale(d, newRS, List.of(old))).containsExactly(Scaling.to("new", 5));
    }

    @Test
    void withNoActiveReplicaSetTheNewestOldOneIsScaled() {
        Deployment d = Fixtures.rolling(2, "1", "0");
        ReplicaSet older = Fixtures.rs("older", 0, 0, 1);
        ReplicaSet newer = Fixtures.rs("newer", 0, 0, 2);
        assertThat(ProportionalScaler.scale(d, null, List.of(newer, older))).containsExactly(Scaling.to("newer", 2));
    }

    @Test
    void aSaturatedNewReplicaSetScalesTheOldOnesToZero() {
        Deployment d = Fixtures.rolling(3, "1", "0");
        ReplicaSet old = Fixtures.rs("old", 2, 2, 1);
        ReplicaSet newRS = Fixtures.rs("new", 3, 3, 2, max(4, 3));
        assertThat(ProportionalScaler.scale(d, newRS, List.of(old))).containsExactly(Scaling.to("old", 0));
    }
}
