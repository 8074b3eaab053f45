package dev.capstan.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecreateRolloutTest {

    private static Pod pod(String ownerUid, String phase) {
        return new PodBuilder().withNewMetadata().withName("p").addNewOwnerReference().withKind("ReplicaSet").withName("x")
                .withUid(ownerUid).withController(true).endOwnerReference().endMetadata()
                .withNewStatus().withPhase(phase).endStatus().build();
    }

    @ParameterizedTest(name = "old RS reporting {0} replicas, a pod of {1} in phase {2}: old pods running {3}")
    @CsvSource(nullValues = "-", value = {
        "1, -, -, true",                     // the old ReplicaSet still counts a pod
        "0, -, -, false",
        "0, old-uid, Running, true",         // a pod still terminating keeps the new one waiting
        "0, old-uid, Pending, true",
        "0, old-uid, Unknown, true",
        "0, old-uid, Succeeded, false",      // terminal pods do not count
        "0, old-uid, Failed, false",
        "0, new-uid, Running, false",        // the new ReplicaSet's own pods do not count
    })
    void newPodsWaitUntilEveryOldPodIsGone(int oldStatusReplicas, String podOwner, String phase, boolean running) {
        ReplicaSet old = Fixtures.rs("old", 0, 0, 1);
        old.getStatus().setReplicas(oldStatusReplicas);
        ReplicaSet newRS = Fixtures.rs("new", 0, 0, 2);
        List<Pod> pods = podOwner == null ? List.of() : List.of(pod(podOwner, phase));
        assertThat(RecreateRollout.oldPodsRunning(newRS, List.of(old), pods)).isEqualTo(running);
    }
}
