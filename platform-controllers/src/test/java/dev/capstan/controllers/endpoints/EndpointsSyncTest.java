package dev.capstan.controllers.endpoints;

import static dev.capstan.controllers.endpoints.TestObjects.pod;
import static dev.capstan.controllers.endpoints.TestObjects.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EndpointsSyncTest {

    static Stream<Arguments> pods() {
        return Stream.of(
                Arguments.of("a ready running pod is a ready address", pod("a", "10.0.0.1", "Running", true, false), false,
                        List.of("10.0.0.1"), List.of()),
                Arguments.of("a running pod that is not ready is a not-ready address", pod("a", "10.0.0.1", "Running", false, false),
                        false, List.of(), List.of("10.0.0.1")),
                Arguments.of("publishNotReadyAddresses makes a not-ready pod a ready address",
                        pod("a", "10.0.0.1", "Running", false, false), true, List.of("10.0.0.1"), List.of()),
                Arguments.of("a pod without an IP is left out", pod("a", null, "Pending", false, false), false, List.of(), List.of()),
                Arguments.of("a pod being deleted is left out", pod("a", "10.0.0.1", "Running", true, true), false, List.of(), List.of()),
                Arguments.of("a pod being deleted stays when not-ready addresses are published",
                        pod("a", "10.0.0.1", "Running", true, true), true, List.of("10.0.0.1"), List.of()),
                Arguments.of("a finished pod that never restarts is left out",
                        new PodBuilder(pod("a", "10.0.0.1", "Succeeded", false, false)).editSpec().withRestartPolicy("Never")
                                .endSpec().build(), false, List.of(), List.of()),
                Arguments.of("a failed pod that restarts stays as not ready",
                        pod("a", "10.0.0.1", "Failed", false, false), false, List.of(), List.of("10.0.0.1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pods")
    void podsBecomeReadyOrNotReadyAddresses(String name, Pod pod, boolean publishNotReady, List<String> ready, List<String> notReady) {
        List<EndpointSubset> subsets = EndpointsSync.subsets(service(8080, publishNotReady), List.of(pod));
        assertThat(subsets.stream().flatMap(s -> s.getAddresses().stream()).map(EndpointAddress::getIp)).containsExactlyElementsOf(ready);
        assertThat(subsets.stream().flatMap(s -> s.getNotReadyAddresses().stream()).map(EndpointAddress::getIp))
                .containsExactlyElementsOf(notReady);
    }

    static Stream<Arguments> ports() {
        return Stream.of(
                Arguments.of("a numeric targetPort is used as is", 9090, List.of(9090)),
                Arguments.of("a named targetPort resolves to the pod's container port", "web-port", List.of(8080)),
                Arguments.of("an unset targetPort means the service port", null, List.of(80)),
                Arguments.of("a named targetPort the pod lacks gives it no endpoint", "other", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void targetPortsResolvePerPod(String name, Object targetPort, List<Integer> expected) {
        List<EndpointSubset> subsets = EndpointsSync.subsets(service(targetPort, false), List.of(pod("a", "10.0.0.1", "Running", true, false)));
        assertThat(subsets.stream().flatMap(s -> s.getPorts().stream()).map(p -> p.getPort())).containsExactlyElementsOf(expected);
        subsets.stream().flatMap(s -> s.getPorts().stream()).forEach(p -> assertThat(p.getName()).isEqualTo("http"));
    }

    @Test
    void addressesCarryThePodReferenceAndNodeAndSharePortsInOneSubset() {
        List<EndpointSubset> subsets = EndpointsSync.subsets(service("web-port", false), List.of(
                pod("b", "10.0.0.2", "Running", true, false), pod("a", "10.0.0.1", "Running", true, false),
                pod("c", "10.0.0.3", "Running", false, false)));
        assertThat(subsets).hasSize(1);
        EndpointSubset subset = subsets.get(0);
        assertThat(subset.getAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(subset.getNotReadyAddresses()).extracting(EndpointAddress::getIp).containsExactly("10.0.0.3");
        EndpointAddress first = subset.getAddresses().get(0);
        assertThat(first.getNodeName()).isEqualTo("node-1");
        assertThat(first.getTargetRef().getKind()).isEqualTo("Pod");
        assertThat(first.getTargetRef().getName()).isEqualTo("a");
        assertThat(first.getTargetRef().getUid()).isEqualTo("uid-a");
    }

    @Test
    void podsResolvingANamedPortDifferentlyLandInDifferentSubsets() {
        Pod other = new PodBuilder(pod("b", "10.0.0.2", "Running", true, false)).editSpec().editFirstContainer()
                .editFirstPort().withContainerPort(9000).endPort().endContainer().endSpec().build();
        List<EndpointSubset> subsets = EndpointsSync.subsets(service("web-port", false),
                List.of(pod("a", "10.0.0.1", "Running", true, false), other));
        assertThat(subsets).hasSize(2);
        assertThat(subsets).extracting(s -> s.getPorts().get(0).getPort()).containsExactly(8080, 9000);
    }

    @Test
    void endpointsCopyTheServiceLabelsAndTheTriggerTimeAndAreNotRewrittenWhenNothingChanged() {
        Service service = service(8080, false);
        List<Pod> pods = List.of(pod("a", "10.0.0.1", "Running", true, false));
        Endpoints created = EndpointsSync.desired(service, pods, null);
        assertThat(created.getMetadata().getName()).isEqualTo("web");
        assertThat(created.getMetadata().getLabels()).containsEntry("tier", "front").doesNotContainKey(EndpointsSync.HEADLESS_LABEL);
        assertThat(created.getMetadata().getAnnotations()).containsEntry(EndpointsSync.TRIGGER_TIME_ANNOTATION, "2026-01-01T00:01:00Z");

        Endpoints stored = new EndpointsBuilder(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                io.fabric8.kubernetes.client.utils.Serialization.asJson(created), Endpoints.class))
                .editMetadata().withResourceVersion("5").endMetadata().build();
        assertThat(EndpointsSync.desired(service, pods, stored)).as("unchanged").isNull();
        assertThat(EndpointsSync.desired(service, List.of(), stored).getSubsets()).as("pod gone").isEmpty();
    }

    @Test
    void aServiceWithoutLabelsIsNotRewrittenEitherOnceItsEndpointsAreStored() {
        Service service = new ServiceBuilder(service(8080, false)).editMetadata().withLabels(null).endMetadata().build();
        List<Pod> pods = List.of(pod("a", "10.0.0.1", "Running", true, false));
        Endpoints created = EndpointsSync.desired(service, pods, null);
        // Stored and read back: empty label maps come back absent.
        Endpoints stored = new EndpointsBuilder(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                io.fabric8.kubernetes.client.utils.Serialization.asJson(created), Endpoints.class))
                .editMetadata().withLabels(null).withResourceVersion("5").endMetadata().build();
        assertThat(EndpointsSync.desired(service, pods, stored)).isNull();
    }

    @Test
    void headlessServicesWithoutPortsGetPortlessAddressesAndTheHeadlessLabel() {
        Service headless = new ServiceBuilder(service(8080, false)).editSpec().withClusterIP("None").withPorts(List.of()).endSpec().build();
        Endpoints endpoints = EndpointsSync.desired(headless, List.of(pod("a", "10.0.0.1", "Running", true, false)), null);
        assertThat(endpoints.getSubsets()).hasSize(1);
        assertThat(endpoints.getSubsets().get(0).getPorts()).isEmpty();
        assertThat(endpoints.getMetadata().getLabels()).containsKey(EndpointsSync.HEADLESS_LABEL);
    }

    @Test
    void servicesWithoutSelectorOrOfTypeExternalNameAreNotManaged() {
        assertThat(EndpointsSync.managed(service(80, false))).isTrue();
        assertThat(EndpointsSync.managed(new ServiceBuilder(service(80, false)).editSpec().withSelector(null).endSpec().build())).isFalse();
        assertThat(EndpointsSync.managed(new ServiceBuilder(service(80, false)).editSpec().withType("ExternalName").endSpec().build()))
                .isFalse();
    }

    @Test
    void moreThanAThousandAddressesAreTruncatedAndAnnotated() {
        List<Pod> pods = new java.util.ArrayList<>();
        for (int i = 0; i < 1005; i++) {
            pods.add(pod("p" + i, "10.1." + (i / 250) + "." + (i % 250), "Running", true, false));
        }
        Endpoints endpoints = EndpointsSync.desired(service(8080, false), pods, null);
        assertThat(endpoints.getSubsets().stream().mapToInt(s -> s.getAddresses().size()).sum()).isEqualTo(1000);
        assertThat(endpoints.getMetadata().getAnnotations()).containsEntry(EndpointsSync.OVER_CAPACITY_ANNOTATION, "truncated");
    }
}
