package dev.capstan.node.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream's getPhase rules (pkg/kubelet/kubelet_pods.go). */
class PodPhaseTest {

    private static Pod pod(String restartPolicy) {
        return new PodBuilder().withNewSpec().withRestartPolicy(restartPolicy).endSpec().build();
    }

    private static ContainerStatus running() {
        return new ContainerStatusBuilder().withState(new ContainerStateBuilder().withNewRunning().endRunning().build()).build();
    }

    private static ContainerStatus exited(int code) {
        return new ContainerStatusBuilder().withState(new ContainerStateBuilder().withNewTerminated().withExitCode(code)
                .endTerminated().build()).build();
    }

    private static ContainerStatus waiting(boolean ranBefore) {
        ContainerStatusBuilder status = new ContainerStatusBuilder().withState(new ContainerStateBuilder().withNewWaiting()
                .withReason("CrashLoopBackOff").endWaiting().build());
        if (ranBefore) {
            status.withLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(1).endTerminated().build());
        }
        return status.build();
    }

    @Test
    void pendingWhileInitializingOrAContainerWaitsForItsFirstStart() {
        assertThat(PodStatusGenerator.phase(pod("Always"), List.of(running()), false, false, "Pending")).isEqualTo("Pending");
        assertThat(PodStatusGenerator.phase(pod("Always"), List.of(running(), waiting(false)), true, false, "Pending")).isEqualTo("Pending");
    }

    @Test
    void runningWhileAContainerRunsOrWillBeRestarted() {
        assertThat(PodStatusGenerator.phase(pod("Always"), List.of(running()), true, false, "Pending")).isEqualTo("Running");
        assertThat(PodStatusGenerator.phase(pod("Always"), List.of(waiting(true)), true, false, "Running")).isEqualTo("Running");
        assertThat(PodStatusGenerator.phase(pod("Always"), List.of(exited(0)), true, false, "Running")).isEqualTo("Running");
        assertThat(PodStatusGenerator.phase(pod("OnFailure"), List.of(exited(1)), true, false, "Running")).isEqualTo("Running");
    }

    @Test
    void succeededOrFailedWhenNothingRestarts() {
        assertThat(PodStatusGenerator.phase(pod("Never"), List.of(exited(0), exited(0)), true, false, "Running")).isEqualTo("Succeeded");
        assertThat(PodStatusGenerator.phase(pod("OnFailure"), List.of(exited(0)), true, false, "Running")).isEqualTo("Succeeded");
        assertThat(PodStatusGenerator.phase(pod("Never"), List.of(exited(0), exited(137)), true, false, "Running")).isEqualTo("Failed");
        assertThat(PodStatusGenerator.phase(pod("Never"), List.of(), false, true, "Pending")).isEqualTo("Failed");
    }

    @Test
    void aTerminalPhaseNeverChanges() {
        assertThat(PodStatusGenerator.phase(pod("Always"), List.of(running()), true, false, "Succeeded")).isEqualTo("Succeeded");
        assertThat(PodStatusGenerator.phase(pod("Always"), List.of(running()), true, false, "Failed")).isEqualTo("Failed");
    }
}
