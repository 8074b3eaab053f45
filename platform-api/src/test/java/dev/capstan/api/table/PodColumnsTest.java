package dev.capstan.api.table;

import static dev.capstan.api.table.TableAssertions.ago;
import static dev.capstan.api.table.TableAssertions.onlyRow;
import static dev.capstan.api.table.TableAssertions.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PodColumnsTest {

    private static PodBuilder pod(String name) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default")
                .withCreationTimestamp(ago(3 * 60 + 12)).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("app").withImage("nginx").endContainer()
                .addNewContainer().withName("sidecar").withImage("envoy").endContainer()
                .withNodeName("node-1")
                .endSpec();
    }

    private static ContainerStatus running(String name, boolean ready, int restarts) {
        return new ContainerStatusBuilder().withName(name).withReady(ready).withRestartCount(restarts)
                .withNewState().withNewRunning().withStartedAt(ago(600)).endRunning().endState().build();
    }

    @Test
    void columnsAreUpstreamsWithTheFourWideOnes() {
        JsonNode table = table("", "Pod", pod("web").build());
        assertThat(TableAssertions.defaultColumnNames(table))
                .containsExactly("Name", "Ready", "Status", "Restarts", "Age");
        assertThat(TableAssertions.wideColumnNames(table))
                .containsExactly("IP", "Node", "Nominated Node", "Readiness Gates");
        assertThat(table.path("columnDefinitions").get(0).path("format").stringValue()).isEqualTo("name");
    }

    @Test
    void crashLoopingContainerShowsItsWaitingReasonAndRestartsWithLastRestartAge() {
        Pod pod = pod("web").withNewStatus().withPhase("Running").withPodIP("10.0.0.7")
                .addNewPodIP().withIp("10.0.0.7").endPodIP()
                .addToContainerStatuses(running("app", true, 0))
                .addNewContainerStatus().withName("sidecar").withReady(false).withRestartCount(4)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                .withFinishedAt(ago(45)).endTerminated().endLastState()
                .endContainerStatus()
                .endStatus().build();

        Map<String, Object> row = onlyRow("", "Pod", pod);

        assertThat(row).containsEntry("Name", "web")
                .containsEntry("Ready", "1/2")
                .containsEntry("Status", "CrashLoopBackOff")
                .containsEntry("Restarts", "4 (45s ago)")
                .containsEntry("Age", "3m12s")
                .containsEntry("IP", "10.0.0.7")
                .containsEntry("Node", "node-1")
                .containsEntry("Nominated Node", "<none>")
                .containsEntry("Readiness Gates", "<none>");
    }

    @Test
    void healthyPodIsRunningWithAllContainersReady() {
        Pod pod = pod("web").withNewStatus().withPhase("Running")
                .addToContainerStatuses(running("app", true, 0), running("sidecar", true, 0))
                .endStatus().build();

        assertThat(onlyRow("", "Pod", pod)).containsEntry("Ready", "2/2").containsEntry("Status", "Running")
                .containsEntry("Restarts", "0").containsEntry("IP", "<none>");
    }

    @Test
    void deletingPodIsTerminating() {
        Pod pod = pod("web").editMetadata().withDeletionTimestamp(ago(1)).endMetadata()
                .withNewStatus().withPhase("Running")
                .addToContainerStatuses(running("app", true, 0), running("sidecar", true, 0))
                .endStatus().build();

        assertThat(onlyRow("", "Pod", pod)).containsEntry("Status", "Terminating");
    }

    @Test
    void deletingPodOnLostNodeIsUnknown() {
        Pod pod = pod("web").editMetadata().withDeletionTimestamp(ago(1)).endMetadata()
                .withNewStatus().withPhase("Running").withReason("NodeLost").endStatus().build();

        assertThat(onlyRow("", "Pod", pod)).containsEntry("Status", "Unknown");
    }

    @Test
    void pendingInitContainersShowProgress() {
        Pod pod = pod("web").editSpec()
                .addNewInitContainer().withName("migrate").withImage("tool").endInitContainer()
                .addNewInitContainer().withName("seed").withImage("tool").endInitContainer()
                .endSpec()
                .withNewStatus().withPhase("Pending")
                .addNewInitContainerStatus().withName("migrate").withReady(false).withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated()
                .endState().endInitContainerStatus()
                .addNewInitContainerStatus().withName("seed").withReady(false).withRestartCount(0)
                .withNewState().withNewRunning().endRunning().endState().endInitContainerStatus()
                .endStatus().build();

        assertThat(onlyRow("", "Pod", pod)).containsEntry("Status", "Init:1/2").containsEntry("Ready", "0/2");
    }

    @Test
    void crashingInitContainerShowsInitPrefixedReason() {
        Pod pod = pod("web").editSpec()
                .addNewInitContainer().withName("migrate").withImage("tool").endInitContainer().endSpec()
                .withNewStatus().withPhase("Pending")
                .addNewInitContainerStatus().withName("migrate").withReady(false).withRestartCount(3)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .endInitContainerStatus()
                .endStatus().build();

        assertThat(onlyRow("", "Pod", pod)).containsEntry("Status", "Init:CrashLoopBackOff")
                .containsEntry("Restarts", "3");
    }

    @Test
    void failedInitContainerWithoutReasonShowsExitCode() {
        Pod pod = pod("web").editSpec()
                .addNewInitContainer().withName("migrate").withImage("tool").endInitContainer().endSpec()
                .withNewStatus().withPhase("Pending")
                .addNewInitContainerStatus().withName("migrate").withReady(false).withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(2).endTerminated().endState()
                .endInitContainerStatus()
                .endStatus().build();

        assertThat(onlyRow("", "Pod", pod)).containsEntry("Status", "Init:ExitCode:2");
    }

    @Test
    void sidecarInitContainerCountsTowardReady() {
        Pod pod = pod("web").editSpec()
                .addNewInitContainer().withName("proxy").withImage("envoy").withRestartPolicy("Always")
                .endInitContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Initialized").withStatus("True").endCondition()
                .addNewInitContainerStatus().withName("proxy").withReady(true).withStarted(true)
                .withRestartCount(1).withNewState().withNewRunning().endRunning().endState()
                .endInitContainerStatus()
                .addToContainerStatuses(running("app", true, 0), running("sidecar", true, 2))
                .endStatus().build();

        assertThat(onlyRow("", "Pod", pod)).containsEntry("Ready", "3/3").containsEntry("Status", "Running")
                .containsEntry("Restarts", "3");
    }

    @Test
    void terminatedContainerWithoutReasonShowsExitCodeOrSignal() {
        Pod pod = pod("web").withNewStatus().withPhase("Failed")
                .addNewContainerStatus().withName("app").withReady(false).withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(137).withSignal(9).endTerminated().endState()
                .endContainerStatus()
                .endStatus().build();

        assertThat(onlyRow("", "Pod", pod)).containsEntry("Status", "Signal:9");
    }

    @Test
    void finishedPodRowsCarryTheCompletedCondition() {
        Pod pod = pod("job-pod").withNewStatus().withPhase("Succeeded")
                .addNewContainerStatus().withName("app").withReady(false).withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated()
                .endState().endContainerStatus()
                .endStatus().build();

        JsonNode row = table("", "Pod", pod).path("rows").get(0);

        assertThat(row.path("cells").get(2).stringValue()).isEqualTo("Completed");
        assertThat(row.path("conditions").get(0).path("type").stringValue()).isEqualTo("Completed");
        assertThat(row.path("conditions").get(0).path("reason").stringValue()).isEqualTo("Succeeded");
    }

    @Test
    void readinessGatesCountTrueConditions() {
        Pod pod = pod("web").editSpec()
                .addNewReadinessGate().withConditionType("example.com/lb").endReadinessGate()
                .addNewReadinessGate().withConditionType("example.com/dns").endReadinessGate()
                .endSpec()
                .withNewStatus().withPhase("Running").withNominatedNodeName("node-2")
                .addNewCondition().withType("example.com/lb").withStatus("True").endCondition()
                .addNewCondition().withType("example.com/dns").withStatus("False").endCondition()
                .endStatus().build();

        assertThat(onlyRow("", "Pod", pod)).containsEntry("Readiness Gates", "1/2")
                .containsEntry("Nominated Node", "node-2");
    }

    @Test
    void podWithoutCreationTimestampHasUnknownAge() {
        Pod pod = pod("web").editMetadata().withCreationTimestamp(null).endMetadata().build();

        assertThat(onlyRow("", "Pod", pod)).containsEntry("Age", "<unknown>")
                .containsEntry("Status", "");
    }
}
