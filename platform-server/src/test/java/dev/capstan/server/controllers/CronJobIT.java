package dev.capstan.server.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.RunningServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CronJob controller against a real server: an every-minute schedule starts a Job at the next minute. */
class CronJobIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient client;

    @BeforeAll
    static void connect() throws Exception {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void anEveryMinuteScheduleStartsAJobWithinAMinute() {
        CronJob created = client.resources(CronJob.class).inNamespace("default").resource(new CronJobBuilder()
                .withNewMetadata().withName("tick").endMetadata()
                .withNewSpec().withSchedule("* * * * *")
                .withNewJobTemplate().withNewMetadata().addToLabels("app", "tick").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("c").withImage("busybox")
                .endContainer().withRestartPolicy("OnFailure").endSpec().endTemplate().endSpec().endJobTemplate()
                .endSpec().build()).create();

        await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !jobs().isEmpty());
        Job job = jobs().get(0);
        String timestamp = job.getMetadata().getAnnotations().get("batch.kubernetes.io/cronjob-scheduled-timestamp");
        Instant scheduled = Instant.parse(timestamp);
        assertThat(scheduled.getEpochSecond() % 60).isZero();
        assertThat(job.getMetadata().getName()).isEqualTo("tick-" + scheduled.getEpochSecond() / 60);
        assertThat(job.getMetadata().getLabels()).containsEntry("app", "tick");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            CronJob cronJob = client.resources(CronJob.class).inNamespace("default").withName("tick").get();
            assertThat(cronJob.getStatus().getLastScheduleTime()).isEqualTo(timestamp);
            assertThat(cronJob.getStatus().getActive()).extracting("name").contains(job.getMetadata().getName());
            assertThat(client.v1().events().inNamespace("default").list().getItems()).extracting(Event::getReason)
                    .contains("SuccessfulCreate");
        });
    }

    private static List<Job> jobs() {
        return client.resources(Job.class).inNamespace("default").list().getItems().stream()
                .filter(job -> job.getMetadata().getName().startsWith("tick-")).toList();
    }
}
