package dev.capstan.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The controller against an in-memory node cache; a write lands in the cache as the informer would deliver it,
 * and each write and event is recorded.
 */
class NodeIpamControllerTest {

    private final Map<String, Node> cache = new LinkedHashMap<>();
    private final Map<String, String> written = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();
    private RuntimeException failNextWrite;

    @Test
    void aNodeWithoutPodCidrGetsTheNextFreeBlockInBothFields() {
        NodeIpamController controller = controller("10.42.0.0/16", 24);
        cache(node("a", null));
        cache(node("b", null));

        reconcile(controller, "a");
        reconcile(controller, "b");

        assertThat(written).containsExactly(Map.entry("a", "10.42.0.0/24"), Map.entry("b", "10.42.1.0/24"));
        assertThat(cache.get("b").getSpec().getPodCIDR()).isEqualTo("10.42.1.0/24");
        assertThat(cache.get("b").getSpec().getPodCIDRs()).containsExactly("10.42.1.0/24");
    }

    @Test
    void aNodeThatHasAPodCidrIsNotWritten() {
        NodeIpamController controller = controller("10.42.0.0/16", 24);
        cache(node("a", "10.42.5.0/24"));

        reconcile(controller, "a");

        assertThat(written).isEmpty();
    }

    @Test
    void aRestartedControllerSkipsTheBlocksExistingNodesCarry() {
        cache(node("old-1", "10.42.0.0/24"));
        cache(node("old-2", "10.42.1.0/24"));
        cache(node("new", null));
        NodeIpamController restarted = controller("10.42.0.0/16", 24);

        reconcile(restarted, "new"); // before the old nodes' own keys come round

        assertThat(written).containsExactly(Map.entry("new", "10.42.2.0/24"));
    }

    @Test
    void aNodeReconciledAgainBeforeItsUpdateArrivesKeepsItsBlock() {
        cache(node("a", null));
        NodeIpamController.PodCidrWriter slowInformer = (node, cidr) -> written.put(node.getMetadata().getName(), cidr);
        NodeIpamController lagging = new NodeIpamController(new MemoryContext(), "10.42.0.0/16", 24, slowInformer);

        reconcile(lagging, "a");
        reconcile(lagging, "a");

        assertThat(written).containsExactly(Map.entry("a", "10.42.0.0/24"));
    }

    @Test
    void aDeletedNodesBlockIsHandedOutAgainOnceTheOthersAreUsed() {
        NodeIpamController controller = controller("10.42.0.0/23", 24);
        cache(node("a", null));
        cache(node("b", null));
        reconcile(controller, "a");
        reconcile(controller, "b");

        cache.remove("a");
        reconcile(controller, "a");
        cache(node("c", null));
        reconcile(controller, "c");

        assertThat(written).containsEntry("c", "10.42.0.0/24");
    }

    @Test
    void whenTheClusterCidrIsUsedUpTheNodeGetsCidrNotAvailableAndIsRetried() {
        NodeIpamController controller = controller("10.42.0.0/24", 24);
        cache(node("a", null));
        cache(node("b", null));
        reconcile(controller, "a");

        assertThatThrownBy(() -> reconcile(controller, "b")).isInstanceOf(IllegalStateException.class);

        assertThat(events).containsExactly("b Normal CIDRNotAvailable Node b status is now: CIDRNotAvailable");
        assertThat(written).doesNotContainKey("b");
    }

    @Test
    void aFailedWriteFreesTheBlockAndTheRetryTakesWhatTheNodeGotMeanwhile() {
        NodeIpamController controller = controller("10.42.0.0/23", 24);
        cache(node("a", null));
        failNextWrite = new IllegalStateException("409 Conflict");

        assertThatThrownBy(() -> reconcile(controller, "a")).hasMessage("409 Conflict");
        cache(node("a", "10.42.1.0/24")); // meanwhile the agent wrote its --pod-cidr
        reconcile(controller, "a");
        cache(node("b", null));
        reconcile(controller, "b");
        cache(node("c", null));

        assertThat(written).containsExactly(Map.entry("b", "10.42.0.0/24"));
        assertThatThrownBy(() -> reconcile(controller, "c")).isInstanceOf(IllegalStateException.class);
    }

    private NodeIpamController controller(String clusterCidr, int mask) {
        return new NodeIpamController(new MemoryContext(), clusterCidr, mask, (node, cidr) -> {
            if (failNextWrite != null) {
                RuntimeException failure = failNextWrite;
                failNextWrite = null;
                throw failure;
            }
            written.put(node.getMetadata().getName(), cidr);
            cache(new NodeBuilder(node).editOrNewSpec().withPodCIDR(cidr).withPodCIDRs(cidr).endSpec().build());
        });
    }

    private void reconcile(NodeIpamController controller, String name) {
        controller.reconcile(new ObjectKey("", name));
    }

    private void cache(Node node) {
        cache.put(node.getMetadata().getName(), node);
    }

    private static Node node(String name, String podCidr) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).withResourceVersion("1").endMetadata();
        if (podCidr != null) {
            node.withNewSpec().withPodCIDR(podCidr).withPodCIDRs(podCidr).endSpec();
        }
        return node.build();
    }

    private final class MemoryContext implements ControllerContext {

        @Override
        public KubernetesClient client() {
            return null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T extends HasMetadata> Lister<T> lister(Class<T> type) {
            return (Lister<T>) new Lister<Node>() {
                @Override
                public Node get(String namespace, String name) {
                    return cache.get(name);
                }

                @Override
                public List<Node> list(String namespace) {
                    return List.copyOf(cache.values());
                }

                @Override
                public List<Node> list(String namespace, Map<String, String> labels) {
                    return list(namespace);
                }
            };
        }

        @Override
        public EventRecorder events(String component) {
            return new EventRecorder() {
                @Override
                public void normal(HasMetadata object, String reason, String message) {
                    events.add(object.getMetadata().getName() + " Normal " + reason + " " + message);
                }

                @Override
                public void warning(HasMetadata object, String reason, String message) {
                    events.add(object.getMetadata().getName() + " Warning " + reason + " " + message);
                }
            };
        }
    }
}
