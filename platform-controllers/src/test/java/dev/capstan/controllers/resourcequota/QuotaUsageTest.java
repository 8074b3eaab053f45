package dev.capstan.controllers.resourcequota;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class QuotaUsageTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static Container container(String cpu, String memory, String cpuLimit) {
        ContainerBuilder c = new ContainerBuilder().withName("c").withNewResources().endResources();
        Map<String, Quantity> requests = new LinkedHashMap<>();
        if (cpu != null) {
            requests.put("cpu", new Quantity(cpu));
        }
        if (memory != null) {
            requests.put("memory", new Quantity(memory));
        }
        Map<String, Quantity> limits = cpuLimit == null ? Map.of() : Map.of("cpu", new Quantity(cpuLimit));
        return c.editResources().withRequests(requests).withLimits(limits).endResources().build();
    }

    static Pod pod(String phase, Container... containers) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewSpec().withContainers(containers).endSpec().withNewStatus().withPhase(phase).endStatus().build();
    }

    static ResourceQuota quota(String... hard) {
        Map<String, Quantity> map = new LinkedHashMap<>();
        for (String name : hard) {
            map.put(name, new Quantity("100"));
        }
        return new ResourceQuotaBuilder().withNewMetadata().withName("q").withNamespace("ns").endMetadata()
                .withNewSpec().withHard(map).endSpec().build();
    }

    static Map<String, String> used(ResourceQuota quota, List<Pod> pods, List<Service> services, Map<String, Integer> counts) {
        Map<String, String> result = new LinkedHashMap<>();
        QuotaUsage.used(quota, new NamespaceObjects(pods, services, List.of(), counts), NOW).forEach((k, v) -> result.put(k, v.toString()));
        return result;
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({"500m, 1, 1500m", "1, 500m, 1500m", "1Gi, 1Gi, 2Gi", "64Mi, 64Mi, 128Mi", "1, 1, 2", "100m, 900m, 1",
            "512Mi, 1Gi, 1536Mi", "1k, 1, 1001", "1000, 1000, 2k", "512, 256, 768", "1536, 0, 1536"})
    void sumsAreWrittenAsCanonicalQuantities(String a, String b, String sum) {
        assertThat(new CanonicalQuantity().add(new Quantity(a)).add(new Quantity(b)).toString()).isEqualTo(sum);
    }

    static Stream<Arguments> pods() {
        return Stream.of(
                Arguments.of("requests of all containers are summed", List.of(pod("Running", container("500m", "1Gi", null),
                        container("1", "1Gi", "2"))), "1", "1500m", "2Gi", "2"),
                Arguments.of("finished pods use nothing but still exist", List.of(pod("Succeeded", container("1", "1Gi", "1")),
                        pod("Running", container("250m", "64Mi", null))), "1", "250m", "64Mi", "0"),
                Arguments.of("best-effort pods count without compute", List.of(pod("Pending", container(null, null, null))),
                        "1", "0", "0", "0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pods")
    void podUsageSumsNonTerminalPods(String name, List<Pod> pods, String podCount, String cpu, String memory, String cpuLimits) {
        Map<String, String> used = used(quota("pods", "requests.cpu", "requests.memory", "limits.cpu", "cpu"), pods, List.of(), Map.of());
        assertThat(used).containsEntry("pods", podCount).containsEntry("requests.cpu", cpu).containsEntry("cpu", cpu)
                .containsEntry("requests.memory", memory).containsEntry("limits.cpu", cpuLimits);
        assertThat(used).as("only names in hard").doesNotContainKey("memory");
    }

    @Test
    void initContainersCountAsTheirMaximumAgainstTheAppContainers() {
        Pod pod = new PodBuilder(pod("Running", container("500m", "128Mi", null)))
                .editSpec().withInitContainers(container("2", "64Mi", null)).endSpec().build();
        assertThat(PodUsage.requests(pod)).containsEntry("cpu", new Quantity("2")).containsEntry("memory", new Quantity("128Mi"));
    }

    @Test
    void scopesSelectWhichPodsCount() {
        Pod besteffort = pod("Running", container(null, null, null));
        Pod burstable = new PodBuilder(pod("Running", container("1", null, null))).editSpec().withActiveDeadlineSeconds(30L).endSpec().build();
        ResourceQuota q = new ResourceQuotaBuilder(quota("pods")).editSpec().withScopes("BestEffort").endSpec().build();
        assertThat(used(q, List.of(besteffort, burstable), List.of(), Map.of())).containsEntry("pods", "1");
        ResourceQuota terminating = new ResourceQuotaBuilder(quota("pods", "requests.cpu")).editSpec().withScopes("Terminating").endSpec().build();
        assertThat(used(terminating, List.of(besteffort, burstable), List.of(), Map.of()))
                .containsEntry("pods", "1").containsEntry("requests.cpu", "1");
    }

    @Test
    void objectCountsAndServiceKindsAreCounted() {
        Service nodePort = new ServiceBuilder().withNewSpec().withType("NodePort").addNewPort().withPort(80).endPort()
                .addNewPort().withPort(443).endPort().endSpec().build();
        Service lb = new ServiceBuilder().withNewSpec().withType("LoadBalancer").addNewPort().withPort(80).endPort().endSpec().build();
        Service plain = new ServiceBuilder().withNewSpec().withType("ClusterIP").endSpec().build();
        Map<String, String> used = used(quota("services", "services.nodeports", "services.loadbalancers", "configmaps",
                        "count/secrets", "count/deployments.apps", "persistentvolumeclaims"),
                List.of(), List.of(nodePort, lb, plain), Map.of("configmaps", 2, "secrets", 4, "deployments.apps", 1));
        assertThat(used).containsEntry("services", "3").containsEntry("services.nodeports", "3")
                .containsEntry("services.loadbalancers", "1").containsEntry("configmaps", "2").containsEntry("count/secrets", "4")
                .containsEntry("count/deployments.apps", "1").containsEntry("persistentvolumeclaims", "0");
    }
}
