package dev.capstan.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistoryCleanupTest {

    private static ReplicaSet revision(int revision, int replicas) {
        return Fixtures.rs("rs" + revision, replicas, replicas, 10 - revision, Map.of(Revisions.REVISION, String.valueOf(revision)));
    }

    @ParameterizedTest(name = "limit {0} over old revisions {1} (replicas {2}) deletes {3}")
    @CsvSource(delimiter = ';', value = {
        "2; 1,2,3,4; 0,0,0,0; rs1,rs2",
        "10; 1,2,3,4; 0,0,0,0; ''",
        "0; 1,2; 0,0; rs1,rs2",
        "2; 1,2,3,4; 1,0,0,0; rs2",      // never one that still has replicas
        "1; 4,1,3; 0,0,0; rs1,rs3",      // oldest revisions first
    })
    void deletesTheOldestScaledDownReplicaSetsBeyondTheLimit(int limit, String revisions, String replicas, String expected) {
        Deployment d = Fixtures.rolling(3, "1", "0");
        d.getSpec().setRevisionHistoryLimit(limit);
        List<ReplicaSet> old = new ArrayList<>();
        String[] revs = revisions.split(",");
        String[] reps = replicas.split(",");
        for (int i = 0; i < revs.length; i++) {
            old.add(revision(Integer.parseInt(revs[i]), Integer.parseInt(reps[i])));
        }
        List<String> deleted = HistoryCleanup.toDelete(d, old).stream().map(rs -> rs.getMetadata().getName()).toList();
        assertThat(String.join(",", deleted)).isEqualTo(expected);
    }
}
