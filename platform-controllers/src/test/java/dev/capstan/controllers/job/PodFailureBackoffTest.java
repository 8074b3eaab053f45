package dev.capstan.controllers.job;

import static dev.capstan.controllers.job.JobFixtures.T0;
import static dev.capstan.controllers.job.JobFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodFailureBackoffTest {

    @ParameterizedTest(name = "after {0} failures wait {1}s")
    @CsvSource({"1, 10", "2, 20", "3, 40", "4, 80", "5, 160", "6, 320", "7, 360", "20, 360"})
    void theWaitDoublesFromTenSecondsUpToSixMinutes(int failures, long seconds) {
        assertThat(PodFailureBackoff.UPSTREAM.delay(failures)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void noFailuresMeanNoWait() {
        assertThat(PodFailureBackoff.UPSTREAM.remaining(List.of(pod("a", "Running", true, null)), T0)).isZero();
    }

    @Test
    void theWaitRunsFromTheLastFailure() {
        List<Pod> pods = List.of(pod("a", "Failed", false, T0), pod("b", "Failed", false, T0.plusSeconds(30)));
        // two failures: 20s from T0+30
        assertThat(PodFailureBackoff.UPSTREAM.remaining(pods, T0.plusSeconds(35))).isEqualTo(Duration.ofSeconds(15));
        assertThat(PodFailureBackoff.UPSTREAM.remaining(pods, T0.plusSeconds(50))).isZero();
    }

    @Test
    void aSuccessResetsTheCount() {
        List<Pod> pods = List.of(pod("a", "Failed", false, T0), pod("b", "Succeeded", false, T0.plusSeconds(1)),
                pod("c", "Failed", false, T0.plusSeconds(2)));
        assertThat(PodFailureBackoff.UPSTREAM.remaining(pods, T0.plusSeconds(2))).isEqualTo(Duration.ofSeconds(10));
    }
}
