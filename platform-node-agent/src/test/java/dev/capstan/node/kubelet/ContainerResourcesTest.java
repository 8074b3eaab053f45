package dev.capstan.node.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests and limits become cgroup settings as upstream's kuberuntime does (shares, CFS quota, memory, OOM score). */
class ContainerResourcesTest {

    private static final long NODE_MEMORY = 8L * 1024 * 1024 * 1024;
    private final ContainerConfigs configs = new ContainerConfigs(null, NODE_MEMORY);

    private static Container container(Map<String, String> requests, Map<String, String> limits) {
        ContainerBuilder builder = new ContainerBuilder().withName("c").withNewResources().endResources();
        requests.forEach((k, v) -> builder.editResources().addToRequests(k, new Quantity(v)).endResources());
        limits.forEach((k, v) -> builder.editResources().addToLimits(k, new Quantity(v)).endResources());
        return builder.build();
    }

    private static Pod pod(String qos) {
        return new PodBuilder().withNewStatus().withQosClass(qos).endStatus().build();
    }

    @Test
    void cpuRequestBecomesSharesAndCpuLimitAQuotaPerHundredMilliseconds() {
        var resources = configs.resources(pod("Burstable"), container(Map.of("cpu", "250m"), Map.of("cpu", "500m", "memory", "64Mi")));
        assertThat(resources.getCpuShares()).isEqualTo(256);
        assertThat(resources.getCpuPeriod()).isEqualTo(100_000);
        assertThat(resources.getCpuQuota()).isEqualTo(50_000);
        assertThat(resources.getMemoryLimitInBytes()).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void withoutRequestsTheMinimumSharesAndNoLimits() {
        var resources = configs.resources(pod("BestEffort"), container(Map.of(), Map.of()));
        assertThat(resources.getCpuShares()).isEqualTo(2);
        assertThat(resources.getCpuQuota()).isZero();
        assertThat(resources.getMemoryLimitInBytes()).isZero();
        assertThat(resources.getOomScoreAdj()).isEqualTo(1000);
    }

    @Test
    void oomScoreFollowsQosAsUpstream() {
        assertThat(configs.resources(pod("Guaranteed"), container(Map.of("cpu", "1", "memory", "1Gi"), Map.of("cpu", "1", "memory", "1Gi")))
                .getOomScoreAdj()).isEqualTo(-997);
        // Burstable: 1000 - 1000 * request / node memory (1 GiB of 8 GiB → 875)
        assertThat(configs.resources(pod("Burstable"), container(Map.of("memory", "1Gi"), Map.of())).getOomScoreAdj()).isEqualTo(875);
    }
}
