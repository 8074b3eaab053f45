package dev.capstan.scheduling.plugins.nodeports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodePortsTest {

    private final NodePorts plugin = new NodePorts();

    /** Ports as "PROTOCOL/ip/port", upstream's test notation. */
    static Pod podWithPorts(String name, String... ports) {
        List<ContainerPort> containerPorts = new ArrayList<>();
        for (String port : ports) {
            String[] parts = port.split("/");
            containerPorts.add(new ContainerPortBuilder().withProtocol(parts[0]).withHostIP(parts[1])
                    .withHostPort(Integer.parseInt(parts[2])).withContainerPort(Integer.parseInt(parts[2])).build());
        }
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("i").withPorts(containerPorts).endContainer()
                .endSpec().build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a pod without host ports fits", new String[] {}, new String[] {"TCP/127.0.0.1/8080"}, true),
                Arguments.of("another port fits", new String[] {"UDP/127.0.0.1/8080"}, new String[] {"UDP/127.0.0.1/9090"}, true),
                Arguments.of("the same udp port conflicts", new String[] {"UDP/127.0.0.1/8080"},
                        new String[] {"UDP/127.0.0.1/8080"}, false),
                Arguments.of("the same tcp port conflicts", new String[] {"TCP/127.0.0.1/8080"},
                        new String[] {"TCP/127.0.0.1/8080"}, false),
                Arguments.of("a different host ip fits", new String[] {"UDP/127.0.0.2/8080"},
                        new String[] {"UDP/127.0.0.1/8080"}, true),
                Arguments.of("a different protocol fits", new String[] {"UDP/127.0.0.1/8080"},
                        new String[] {"TCP/127.0.0.1/8080"}, true),
                Arguments.of("a conflict on the second port rejects", new String[] {"UDP/127.0.0.1/8000", "UDP/127.0.0.1/8080"},
                        new String[] {"UDP/127.0.0.1/8080"}, false),
                Arguments.of("a conflict on the first port rejects", new String[] {"TCP/127.0.0.1/8001", "UDP/127.0.0.1/8080"},
                        new String[] {"TCP/127.0.0.1/8001", "UDP/127.0.0.1/8081"}, false),
                Arguments.of("the pod's 0.0.0.0 conflicts with a specific ip", new String[] {"TCP/0.0.0.0/8001"},
                        new String[] {"TCP/127.0.0.1/8001"}, false),
                Arguments.of("one of the pod's ports on 0.0.0.0 conflicts", new String[] {"TCP/10.0.10.10/8001", "TCP/0.0.0.0/8001"},
                        new String[] {"TCP/127.0.0.1/8001"}, false),
                Arguments.of("a port used on 0.0.0.0 conflicts with a specific ip", new String[] {"TCP/127.0.0.1/8001"},
                        new String[] {"TCP/0.0.0.0/8001"}, false),
                Arguments.of("0.0.0.0 of another protocol fits", new String[] {"UDP/127.0.0.1/8001"},
                        new String[] {"TCP/0.0.0.0/8001"}, true),
                Arguments.of("0.0.0.0 of both protocols conflicts", new String[] {"UDP/127.0.0.1/8001"},
                        new String[] {"TCP/0.0.0.0/8001", "UDP/0.0.0.0/8001"}, false),
                Arguments.of("an unset host ip means 0.0.0.0", new String[] {"TCP//8001"},
                        new String[] {"TCP/127.0.0.1/8001"}, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsNodesWhereAHostPortIsTaken(String description, String[] podPorts, String[] usedPorts, boolean fits) {
        Pod pod = podWithPorts("new", podPorts);
        NodeInfo node = new NodeInfo(new NodeBuilder().withNewMetadata().withName("n").endMetadata().build(),
                new PodInfo(podWithPorts("existing", usedPorts)));
        CycleState state = new CycleState();

        Status pre = plugin.preFilter(state, pod, new Snapshot(List.of(node)));
        Status status = pre.isSkip() ? Status.success() : plugin.filter(state, pod, node);

        if (fits) {
            assertThat(status.isSuccess()).isTrue();
        } else {
            assertThat(status.code()).isEqualTo(Status.Code.UNSCHEDULABLE);
            assertThat(status.reasons()).containsExactly("node(s) didn't have free ports for the requested pod ports");
        }
    }

    @Test
    void preFilterSkipsPodsWithoutHostPorts() {
        assertThat(plugin.preFilter(new CycleState(), podWithPorts("p"), new Snapshot(List.of())).isSkip()).isTrue();
    }
}
