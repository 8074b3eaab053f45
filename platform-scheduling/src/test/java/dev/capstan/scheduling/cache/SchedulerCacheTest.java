package dev.capstan.scheduling.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.Snapshot;
import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerCacheTest {

    private final SchedulerCache cache = new SchedulerCache();

    private static Node node(String name, String... images) {
        NodeBuilder builder = new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().withAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"),
                        "pods", new Quantity("110"))).endStatus();
        for (String image : images) {
            builder.editStatus().addToImages(new ContainerImageBuilder().withNames(image).withSizeBytes(100L * 1024 * 1024)
                    .build()).endStatus();
        }
        return builder.build();
    }

    private static Pod pod(String name, String node, String cpu) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withNewResources()
                .withRequests(Map.of("cpu", new Quantity(cpu))).endResources().endContainer().endSpec().build();
    }

    @Test
    void anAssumedPodCountsOnItsNodeUntilForgotten() {
        cache.addOrUpdateNode(node("n1"));
        cache.assumePod(new PodInfo(pod("p", "n1", "1")), "n1");
        assertThat(cache.updateSnapshot().get("n1").requested().milliCpu()).isEqualTo(1000);
        assertThat(cache.isAssumed(pod("p", "n1", "1"))).isTrue();
        cache.forgetPod(pod("p", "n1", "1"));
        assertThat(cache.updateSnapshot().get("n1").requested().milliCpu()).isZero();
    }

    @Test
    void theInformerConfirmingTheBindingTurnsAnAssumedPodIntoABoundOneOnce() {
        cache.addOrUpdateNode(node("n1"));
        cache.assumePod(new PodInfo(pod("p", "n1", "1")), "n1");
        cache.addOrUpdatePod(pod("p", "n1", "1"));
        NodeInfo info = cache.updateSnapshot().get("n1");
        assertThat(info.pods()).hasSize(1);
        assertThat(info.requested().milliCpu()).isEqualTo(1000);
        cache.forgetPod(pod("p", "n1", "1"));
        assertThat(cache.updateSnapshot().get("n1").pods()).as("bound pods are not forgotten").hasSize(1);
    }

    @Test
    void snapshotsCopyOnlyChangedNodesAndNeverChangeANodeInfoUnderThePlugins() {
        cache.addOrUpdateNode(node("n1"));
        cache.addOrUpdateNode(node("n2"));
        Snapshot first = cache.updateSnapshot();
        NodeInfo n1Before = first.get("n1");
        NodeInfo n2Before = first.get("n2");
        cache.addOrUpdatePod(pod("p", "n1", "500m"));
        assertThat(first.get("n1").requested().milliCpu()).as("no change before the next cycle").isZero();
        Snapshot second = cache.updateSnapshot();
        assertThat(n1Before.requested().milliCpu()).as("a node info handed out is never modified").isZero();
        assertThat(second.get("n1").requested().milliCpu()).isEqualTo(500);
        assertThat(second.get("n2")).as("unchanged node reused").isSameAs(n2Before);
        assertThat(cache.updateSnapshot()).as("nothing changed: same snapshot").isSameAs(second);
    }

    @Test
    void aPodSeenBeforeItsNodeIsKeptButTheNodeIsNotSchedulableUntilItArrives() {
        cache.addOrUpdatePod(pod("early", "n9", "1"));
        assertThat(cache.updateSnapshot().size()).isZero();
        cache.addOrUpdateNode(node("n9"));
        assertThat(cache.updateSnapshot().get("n9").pods()).hasSize(1);
    }

    @Test
    void removedNodesAndPodsLeaveTheSnapshot() {
        cache.addOrUpdateNode(node("n1"));
        cache.addOrUpdateNode(node("n2"));
        cache.addOrUpdatePod(pod("p", "n2", "1"));
        cache.removePod(pod("p", "n2", "1"));
        cache.removeNode(node("n1"));
        Snapshot snapshot = cache.updateSnapshot();
        assertThat(snapshot.nodes()).extracting(NodeInfo::name).containsExactly("n2");
        assertThat(snapshot.get("n2").pods()).isEmpty();
    }

    @Test
    void imageStatesCountHowManyNodesHaveEachImage() {
        cache.addOrUpdateNode(node("n1", "nginx:1.27"));
        cache.addOrUpdateNode(node("n2", "nginx:1.27", "redis:7"));
        Snapshot snapshot = cache.updateSnapshot();
        assertThat(snapshot.get("n1").images().get("nginx:1.27").numNodes()).isEqualTo(2);
        assertThat(snapshot.get("n2").images().get("redis:7").numNodes()).isEqualTo(1);
    }
}
