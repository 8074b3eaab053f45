package dev.capstan.api.table;

import static dev.capstan.api.table.TableAssertions.ago;
import static dev.capstan.api.table.TableAssertions.onlyRow;
import static dev.capstan.api.table.TableAssertions.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BatchColumnsTest {

    private static JobBuilder job() {
        return new JobBuilder().withNewMetadata().withName("pi").withCreationTimestamp(ago(600)).endMetadata()
                .withNewSpec().withCompletions(3).withParallelism(1)
                .withNewSelector().addToMatchLabels("batch.kubernetes.io/controller-uid", "abc").endSelector()
                .withNewTemplate().withNewSpec().addNewContainer().withName("pi").withImage("perl:5.34")
                .endContainer().withRestartPolicy("Never").endSpec().endTemplate()
                .endSpec();
    }

    @Test
    void runningJobShowsProgressAndDurationSoFar() {
        JsonNode table = table("batch", "Job", job().withNewStatus().withStartTime(ago(300)).withSucceeded(1)
                .endStatus().build());

        assertThat(TableAssertions.defaultColumnNames(table))
                .containsExactly("Name", "Status", "Completions", "Duration", "Age");
        assertThat(TableAssertions.wideColumnNames(table)).containsExactly("Containers", "Images", "Selector");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Status", "Running")
                .containsEntry("Completions", "1/3").containsEntry("Duration", "5m").containsEntry("Age", "10m")
                .containsEntry("Containers", "pi").containsEntry("Images", "perl:5.34")
                .containsEntry("Selector", "batch.kubernetes.io/controller-uid=abc");
    }

    @Test
    void completeJobShowsStartToCompletion() {
        assertThat(onlyRow("batch", "Job", job().withNewStatus().withStartTime(ago(300))
                .withCompletionTime(ago(100)).withSucceeded(3)
                .addNewCondition().withType("Complete").withStatus("True").endCondition()
                .endStatus().build()))
                .containsEntry("Status", "Complete").containsEntry("Completions", "3/3")
                .containsEntry("Duration", "3m20s");
    }

    @Test
    void workQueueJobWithoutCompletionsShowsParallelism() {
        assertThat(onlyRow("batch", "Job", job().editSpec().withCompletions(null).withParallelism(4).endSpec()
                .withNewStatus().addNewCondition().withType("Suspended").withStatus("True").endCondition()
                .endStatus().build()))
                .containsEntry("Completions", "0/1 of 4").containsEntry("Status", "Suspended")
                .containsEntry("Duration", "");
    }

    @Test
    void cronJobShowsScheduleSuspendActiveAndLastSchedule() {
        JsonNode table = table("batch", "CronJob", new CronJobBuilder()
                .withNewMetadata().withName("nightly").withCreationTimestamp(ago(3 * 24 * 3600)).endMetadata()
                .withNewSpec().withSchedule("0 3 * * *").withSuspend(false)
                .withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("backup").withImage("restic").endContainer()
                .endSpec().endTemplate().endSpec().endJobTemplate()
                .endSpec()
                .withNewStatus().withLastScheduleTime(ago(9 * 3600)).addNewActive().withName("nightly-1")
                .endActive().endStatus()
                .build());

        assertThat(TableAssertions.defaultColumnNames(table)).containsExactly("Name", "Schedule", "Timezone",
                "Suspend", "Active", "Last Schedule", "Age");
        assertThat(TableAssertions.row(table, 0)).containsEntry("Schedule", "0 3 * * *")
                .containsEntry("Timezone", "<none>").containsEntry("Suspend", "False")
                .containsEntry("Active", 1L).containsEntry("Last Schedule", "9h").containsEntry("Age", "3d")
                .containsEntry("Containers", "backup").containsEntry("Selector", "<none>");
    }
}
