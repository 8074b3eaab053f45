package dev.capstan.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevisionsTest {

    @Test
    void aNewReplicaSetGetsTheRevisionAndReplicaAnnotations() {
        Deployment d = Fixtures.rolling(3, "1", "0");
        d.getMetadata().setAnnotations(Map.of("kubernetes.io/change-cause", "v1",
                "kubectl.kubernetes.io/last-applied-configuration", "{}", Revisions.REVISION, "1"));
        Map<String, String> a = new HashMap<>();
        assertThat(Revisions.setNewReplicaSetAnnotations(d, a, "1", false)).isTrue();
        assertThat(a).containsExactlyInAnyOrderEntriesOf(Map.of(Revisions.REVISION, "1", Revisions.DESIRED_REPLICAS, "3",
                Revisions.MAX_REPLICAS, "4", "kubernetes.io/change-cause", "v1"));
    }

    @ParameterizedTest(name = "reusing revision {0} (history ''{1}'') as revision {2} keeps history ''{3}''")
    @CsvSource({"1, '', 3, 1", "2, 1, 4, '1,2'", "3, '', 2, ''"})
    void aReusedReplicaSetKeepsItsOldRevisionsInTheHistory(String old, String history, String newRevision, String expected) {
        Deployment d = Fixtures.rolling(3, "1", "0");
        Map<String, String> a = new HashMap<>(Map.of(Revisions.REVISION, old));
        if (!history.isEmpty()) {
            a.put(Revisions.REVISION_HISTORY, history);
        }
        Revisions.setNewReplicaSetAnnotations(d, a, newRevision, true);
        assertThat(a.get(Revisions.REVISION)).isEqualTo(String.valueOf(Math.max(Long.parseLong(old), Long.parseLong(newRevision))));
        assertThat(a.getOrDefault(Revisions.REVISION_HISTORY, "")).isEqualTo(expected);
        assertThat(a).doesNotContainKey(Revisions.DESIRED_REPLICAS);
    }

    @Test
    void theNewReplicaSetIsTheOneWithTheDeploymentsTemplate() {
        Deployment d = Fixtures.rolling(3, "1", "0");
        var current = Fixtures.rs("1", 1, 1, 5);
        current.getSpec().setTemplate(Fixtures.template("nginx:1"));
        current.getSpec().getTemplate().getMetadata().getLabels().put(PodTemplateHash.LABEL, "xyz");
        var old = Fixtures.rs("2", 1, 1, 1);
        assertThat(ReplicaSets.findNew(d, java.util.List.of(old, current))).isSameAs(current);
        assertThat(ReplicaSets.findOld(d, java.util.List.of(old, current))).containsExactly(old);
    }
}
