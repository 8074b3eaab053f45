package dev.capstan.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicaPlanTest {

    @ParameterizedTest(name = "{0} active pods, {1} wanted: change by {2}")
    @CsvSource({
            "0, 3, 3",
            "3, 3, 0",
            "5, 1, -4",
            "0, 1000, 500",
            "1000, 0, -500",
            "10, 600, 500",
    })
    void createsOrDeletesTheDifferenceUpToTheBurst(int active, int replicas, int change) {
        assertThat(ReplicaPlan.change(active, replicas)).isEqualTo(change);
    }

    @ParameterizedTest(name = "{0} creates go in batches {1}")
    @CsvSource(delimiter = ';', value = {
            "0; ",
            "1; 1",
            "2; 1,1",
            "3; 1,2",
            "5; 1,2,2",
            "7; 1,2,4",
            "10; 1,2,4,3",
            "500; 1,2,4,8,16,32,64,128,245",
    })
    void createsInSlowStartBatches(int count, String batches) {
        List<Integer> expected = batches == null ? List.of()
                : java.util.Arrays.stream(batches.split(",")).map(Integer::parseInt).toList();

        assertThat(ReplicaPlan.slowStartBatches(count)).containsExactlyElementsOf(expected);
        assertThat(ReplicaPlan.slowStartBatches(count).stream().mapToInt(Integer::intValue).sum()).isEqualTo(count);
    }

    @Test
    void aNewPodIsTheTemplateNamedAfterAndControlledByItsOwner() {
        Pod pod = ReplicaPlan.newPod(Owners.owner(3));

        assertThat(pod.getMetadata().getName()).isNull();
        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("web-");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(pod.getMetadata().getLabels()).containsEntry("app", "web").containsEntry("tier", "front");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("note", "x");
        assertThat(pod.getSpec().getContainers()).extracting("image").containsExactly("nginx");
        OwnerReference ref = pod.getMetadata().getOwnerReferences().get(0);
        assertThat(ref.getKind()).isEqualTo("ReplicaSet");
        assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
        assertThat(ref.getName()).isEqualTo("web");
        assertThat(ref.getUid()).isEqualTo("rs-uid");
        assertThat(ref.getController()).isTrue();
        assertThat(ref.getBlockOwnerDeletion()).isTrue();
    }

    @Test
    void aNewPodDoesNotShareTheTemplatesMutableParts() {
        ReplicaOwner owner = Owners.owner(1);
        Pod pod = ReplicaPlan.newPod(owner);
        pod.getMetadata().getLabels().put("extra", "y");
        pod.getSpec().getContainers().get(0).setImage("changed");

        assertThat(owner.template().getMetadata().getLabels()).doesNotContainKey("extra");
        assertThat(owner.template().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx");
    }
}
