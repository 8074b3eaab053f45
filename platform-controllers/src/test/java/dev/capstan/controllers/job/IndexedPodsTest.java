package dev.capstan.controllers.job;

import static dev.capstan.controllers.job.JobFixtures.T0;
import static dev.capstan.controllers.job.JobFixtures.job;
import static dev.capstan.controllers.job.JobFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IndexedPodsTest {

    static Pod indexed(String name, int index, String phase) {
        return new PodBuilder(pod(name, phase, "Running".equals(phase), "Running".equals(phase) ? null : T0))
                .editMetadata().addToAnnotations(CompletionIndexes.INDEX, "" + index).endMetadata().build();
    }

    @Test
    void startsTheLowestIndexesNeitherSucceededNorRunning() {
        IndexedPods plan = IndexedPods.plan(List.of(indexed("a", 1, "Running")), new TreeSet<>(List.of(0, 2)), 6, 3);
        assertThat(plan.start()).containsExactly(3, 4);
        assertThat(plan.surplus()).isEmpty();
    }

    @Test
    void deletesDuplicatesSucceededAndOutOfRangeIndexes() {
        Pod first = indexed("first", 1, "Running");
        Pod duplicate = new PodBuilder(indexed("dup", 1, "Pending")).build();
        Pod done = indexed("done", 0, "Running");
        Pod outOfRange = indexed("far", 9, "Running");
        IndexedPods plan = IndexedPods.plan(List.of(first, duplicate, done, outOfRange), new TreeSet<>(List.of(0)), 3, 2);
        assertThat(plan.surplus()).containsExactlyInAnyOrder(duplicate, done, outOfRange);
        assertThat(plan.start()).containsExactly(2);
    }

    @Test
    void anIndexedJobCompletesWhenEveryIndexSucceededAndRecordsThem() {
        Job job = JobFixtures.started(job(3, 3).editSpec().withCompletionMode("Indexed").endSpec());
        JobSync sync = new JobSync(PodFailureBackoff.UPSTREAM);
        JobPlan first = sync.plan(job, List.of(), T0);
        assertThat(first.indexes()).containsExactly(0, 1, 2);
        JobPlan partial = sync.plan(job, List.of(indexed("a", 0, "Succeeded"), indexed("b", 2, "Succeeded"),
                indexed("c", 1, "Running")), T0);
        assertThat(partial.status().getCompletedIndexes()).isEqualTo("0,2");
        assertThat(partial.status().getSucceeded()).isEqualTo(2);
        assertThat(partial.create()).isZero();
        JobPlan done = sync.plan(job, List.of(indexed("a", 0, "Succeeded"), indexed("b", 2, "Succeeded"),
                indexed("c", 1, "Succeeded")), T0);
        assertThat(done.status().getCompletedIndexes()).isEqualTo("0-2");
        assertThat(done.status().getConditions()).extracting("type").containsExactly("SuccessCriteriaMet", "Complete");
    }
}
