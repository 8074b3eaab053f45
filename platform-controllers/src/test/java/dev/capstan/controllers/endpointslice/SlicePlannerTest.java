package dev.capstan.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlicePlannerTest {

    private static final Function<String, String> ZONES = node -> "zone-" + node;

    static Service service(boolean publishNotReady) {
        return new ServiceBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("svc-uid")
                .withLabels(Map.of("tier", "front")).endMetadata()
                .withNewSpec().withClusterIP("10.0.0.10").withSelector(Map.of("app", "web")).withPublishNotReadyAddresses(publishNotReady)
                .addNewPort().withName("http").withPort(80).withProtocol("TCP").withTargetPort(new IntOrString("web-port")).endPort()
                .endSpec().build();
    }

    static Pod pod(String name, String ip, boolean ready, boolean deleting) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name)
                .withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().withNodeName("n1").addNewContainer().withName("app")
                .withPorts(new ContainerPortBuilder().withName("web-port").withContainerPort(8080).build()).endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus();
        if (deleting) {
            pod.editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata();
        }
        return pod.build();
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of("a ready pod is ready and serving", true, false, false, true, true, false),
                Arguments.of("a pod that is not ready is neither ready nor serving", false, false, false, false, false, false),
                Arguments.of("a terminating ready pod is serving and terminating but not ready", true, true, false, false, true, true),
                Arguments.of("a terminating pod that is not ready is only terminating", false, true, false, false, false, true),
                Arguments.of("publishNotReadyAddresses makes every pod ready", false, false, true, true, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void endpointConditionsFollowReadinessAndDeletion(String name, boolean podReady, boolean deleting, boolean publishNotReady,
                                                     boolean ready, boolean serving, boolean terminating) {
        Endpoint endpoint = SliceEndpoints.endpoint(service(publishNotReady), pod("a", "10.0.0.1", podReady, deleting), ZONES);
        EndpointConditions conditions = endpoint.getConditions();
        assertThat(conditions.getReady()).isEqualTo(ready);
        assertThat(conditions.getServing()).isEqualTo(serving);
        assertThat(conditions.getTerminating()).isEqualTo(terminating);
    }

    @Test
    void aNewServiceGetsOneSliceWithItsEndpointsPortsLabelsAndOwner() {
        SlicePlan plan = new SlicePlanner(service(false), 100).plan(
                List.of(pod("b", "10.0.0.2", true, false), pod("a", "10.0.0.1", false, false), pod("x", null, false, false)),
                List.of(), ZONES);
        assertThat(plan.update()).isEmpty();
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.create()).hasSize(1);
        EndpointSlice slice = plan.create().get(0);
        assertThat(slice.getMetadata().getGenerateName()).isEqualTo("web-");
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "web")
                .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io").containsEntry("tier", "front");
        assertThat(slice.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> {
                    assertThat(o.getKind()).isEqualTo("Service");
                    assertThat(o.getUid()).isEqualTo("svc-uid");
                    assertThat(o.getController()).isTrue();
                    assertThat(o.getBlockOwnerDeletion()).isTrue();
                });
        assertThat(slice.getEndpoints()).extracting(e -> e.getAddresses().get(0)).containsExactly("10.0.0.1", "10.0.0.2");
        Endpoint first = slice.getEndpoints().get(0);
        assertThat(first.getNodeName()).isEqualTo("n1");
        assertThat(first.getZone()).isEqualTo("zone-n1");
        assertThat(first.getTargetRef().getName()).isEqualTo("a");
        assertThat(slice.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getProtocol()).isEqualTo("TCP");
        });
    }

    @Test
    void moreThanTheMaximumEndpointsAreSplitOverSlices() {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            pods.add(pod("p" + i, "10.0." + (i / 200) + "." + (i % 200), true, false));
        }
        SlicePlan plan = new SlicePlanner(service(false), 100).plan(pods, List.of(), ZONES);
        assertThat(plan.create()).extracting(s -> s.getEndpoints().size()).containsExactly(100, 100, 50);
    }

    @Test
    void anUnchangedSliceIsNotRewrittenAndAGonePodIsRemovedFromItsSlice() {
        Service service = service(false);
        List<Pod> pods = List.of(pod("a", "10.0.0.1", true, false), pod("b", "10.0.0.2", true, false));
        EndpointSlice stored = stored(new SlicePlanner(service, 100).plan(pods, List.of(), ZONES).create().get(0), "web-abcde");

        assertThat(new SlicePlanner(service, 100).plan(pods, List.of(stored), ZONES).empty()).isTrue();

        SlicePlan afterDelete = new SlicePlanner(service, 100).plan(pods.subList(0, 1), List.of(stored), ZONES);
        assertThat(afterDelete.create()).isEmpty();
        assertThat(afterDelete.update()).singleElement().satisfies(s -> {
            assertThat(s.getMetadata().getName()).isEqualTo("web-abcde");
            assertThat(s.getEndpoints()).extracting(e -> e.getAddresses().get(0)).containsExactly("10.0.0.1");
        });
    }

    @Test
    void newEndpointsGoIntoAnUnchangedSliceWithRoomRatherThanASecondSlice() {
        Service service = service(false);
        Pod first = pod("a", "10.0.0.1", true, false);
        EndpointSlice stored = stored(new SlicePlanner(service, 100).plan(List.of(first), List.of(), ZONES).create().get(0), "web-abcde");

        SlicePlan plan = new SlicePlanner(service, 100).plan(
                List.of(first, pod("b", "10.0.0.2", true, false), pod("c", "10.0.0.3", true, false)), List.of(stored), ZONES);

        assertThat(plan.create()).isEmpty();
        assertThat(plan.update()).singleElement().satisfies(s -> {
            assertThat(s.getMetadata().getName()).isEqualTo("web-abcde");
            assertThat(s.getEndpoints()).extracting(e -> e.getAddresses().get(0)).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
        });
    }

    @Test
    void endpointsThatDoNotFitAnUnchangedSliceGetANewOne() {
        Service service = service(false);
        Pod first = pod("a", "10.0.0.1", true, false);
        EndpointSlice stored = stored(new SlicePlanner(service, 2).plan(List.of(first), List.of(), ZONES).create().get(0), "web-abcde");

        SlicePlan plan = new SlicePlanner(service, 2).plan(
                List.of(first, pod("b", "10.0.0.2", true, false), pod("c", "10.0.0.3", true, false)), List.of(stored), ZONES);

        assertThat(plan.update()).isEmpty();
        assertThat(plan.create()).singleElement().satisfies(s ->
                assertThat(s.getEndpoints()).extracting(e -> e.getAddresses().get(0)).containsExactly("10.0.0.2", "10.0.0.3"));
    }

    @Test
    void aServiceWithoutEndpointsKeepsOneEmptyPlaceholderSlice() {
        Service service = service(false);
        SlicePlan plan = new SlicePlanner(service, 100).plan(List.of(), List.of(), ZONES);
        assertThat(plan.create()).singleElement().satisfies(s -> {
            assertThat(s.getEndpoints()).isEmpty();
            assertThat(s.getPorts()).isEmpty();
        });
        EndpointSlice full = stored(new SlicePlanner(service, 100).plan(List.of(pod("a", "10.0.0.1", true, false)), List.of(), ZONES)
                .create().get(0), "web-full");
        SlicePlan emptied = new SlicePlanner(service, 100).plan(List.of(), List.of(full), ZONES);
        assertThat(emptied.delete()).extracting(s -> s.getMetadata().getName()).containsExactly("web-full");
        assertThat(emptied.create()).hasSize(1);
    }

    private static EndpointSlice stored(EndpointSlice planned, String name) {
        // Through JSON, as the informer would hand it back (absent fields, default-initialized collections).
        planned = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                io.fabric8.kubernetes.client.utils.Serialization.asJson(planned), EndpointSlice.class);
        return new EndpointSliceBuilder(planned).editMetadata().withName(name).withGenerateName(null).withResourceVersion("3")
                .endMetadata().build();
    }
}
