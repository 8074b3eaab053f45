package dev.capstan.controllers.ttlafterfinished;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TtlAfterFinishedTest {

    @ParameterizedTest(name = "ttl {0}, condition {1}: expires at {2}")
    @CsvSource(nullValues = "null", value = {
            "100,  Complete,      2026-11-25T00:01:40Z",
            "0,    Failed,        2026-11-25T00:00:00Z",
            "null, Complete,      null",
            "100,  null,          null",
            "100,  FailureTarget, null"})
    void aFinishedJobExpiresItsTtlAfterItsTerminalCondition(Integer ttl, String condition, String expires) {
        JobBuilder job = new JobBuilder().withNewMetadata().withName("j").endMetadata()
                .withNewSpec().withTtlSecondsAfterFinished(ttl).endSpec().withNewStatus().endStatus();
        if (condition != null) {
            job.editStatus().addNewCondition().withType(condition).withStatus("True")
                    .withLastTransitionTime("2026-11-25T00:00:00Z").endCondition().endStatus();
        }
        Job built = job.build();
        assertThat(TtlAfterFinished.expireAt(built)).isEqualTo(expires == null ? null : Instant.parse(expires));
    }
}
