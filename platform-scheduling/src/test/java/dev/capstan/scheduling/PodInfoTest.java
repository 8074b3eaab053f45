package dev.capstan.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodInfoTest {

    private static Container container(String name, String cpu, String restartPolicy) {
        return new ContainerBuilder().withName(name).withRestartPolicy(restartPolicy).withNewResources()
                .withRequests(Map.of("cpu", new Quantity(cpu))).endResources().build();
    }

    private static Pod pod(List<Container> init, List<Container> containers) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewSpec().withInitContainers(init).withContainers(containers).endSpec().build();
    }

    @Test
    void requestsAreTheSumOfContainersButAtLeastTheLargestInitContainer() {
        PodInfo info = new PodInfo(pod(List.of(container("init", "3", null)),
                List.of(container("a", "1", null), container("b", "500m", null))));
        assertThat(info.requests().milliCpu()).isEqualTo(3000);
    }

    @Test
    void sidecarsRunAlongsideTheContainersAndTheInitContainersAfterThem() {
        // sidecar 1 cpu, then a 2-cpu init container (needs 3 with the sidecar), containers 1 cpu (+ sidecar = 2)
        PodInfo info = new PodInfo(pod(List.of(container("sidecar", "1", "Always"), container("init", "2", null)),
                List.of(container("app", "1", null))));
        assertThat(info.requests().milliCpu()).isEqualTo(3000);
    }

    @Test
    void containersWithoutRequestsCountUpstreamsDefaultsForScoringOnly() {
        PodInfo info = new PodInfo(new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewSpec().addNewContainer().withName("c").endContainer().endSpec().build());
        assertThat(info.requests().milliCpu()).isZero();
        assertThat(info.nonZeroRequests().milliCpu()).isEqualTo(100);
        assertThat(info.nonZeroRequests().memory()).isEqualTo(200L * 1024 * 1024);
    }

    @Test
    void onlyContainersAndSidecarsHoldHostPorts() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata().withNewSpec()
                .addNewInitContainer().withName("setup").addNewPort().withContainerPort(1).withHostPort(8080).endPort().endInitContainer()
                .addNewInitContainer().withName("proxy").withRestartPolicy("Always").addNewPort().withContainerPort(2)
                .withHostPort(9090).endPort().endInitContainer()
                .addNewContainer().withName("app").addNewPort().withContainerPort(3).withHostPort(80).withProtocol("UDP")
                .endPort().endContainer().endSpec().build();
        assertThat(NodeInfo.hostPorts(pod)).containsExactlyInAnyOrder(HostPort.of(null, "UDP", 80), HostPort.of("", "TCP", 9090));
    }
}
