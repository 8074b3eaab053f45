package dev.capstan.controllers.nodeipam;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.Lister;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's node IPAM controller with the range allocator ({@code --allocate-node-cidrs},
 * {@code --cidr-allocator-type=RangeAllocator}): every Node without {@code spec.podCIDR} gets the next free
 * {@code node-cidr-mask-size} block of the cluster CIDR in {@code spec.podCIDR} and {@code spec.podCIDRs}; the
 * node agent builds its pod network from it and routes to the other nodes' blocks. Before the first allocation
 * the blocks every existing Node carries are marked used, so a restarted controller never hands one out twice;
 * a deleted Node's block is freed. When the cluster CIDR is used up the Node gets upstream's
 * {@code CIDRNotAvailable} event and is retried with backoff (a deleted node frees a block).
 */
public final class NodeIpamController implements Controller {

    /** Upstream's reason, recorded as a node status change ("Node x status is now: CIDRNotAvailable"). */
    static final String CIDR_NOT_AVAILABLE = "CIDRNotAvailable";

    private static final Logger log = LoggerFactory.getLogger(NodeIpamController.class);

    private final Lister<Node> nodes;
    private final EventRecorder events;
    private final RangeAllocator allocator;
    private final PodCidrWriter writer;
    private boolean occupiedExisting;

    /**
     * @param clusterCidr      the IPv4 block node CIDRs are cut from (upstream's {@code --cluster-cidr})
     * @param nodeCidrMaskSize prefix length of each node's block ({@code --node-cidr-mask-size})
     * @throws IllegalArgumentException for an IPv6 or malformed cluster CIDR or a mask size that does not fit it
     */
    public NodeIpamController(ControllerContext context, String clusterCidr, int nodeCidrMaskSize) {
        this(context, clusterCidr, nodeCidrMaskSize, updatingNodes(context.client()));
    }

    NodeIpamController(ControllerContext context, String clusterCidr, int nodeCidrMaskSize, PodCidrWriter writer) {
        this.nodes = context.lister(Node.class);
        this.events = context.events("cidrAllocator"); // upstream range allocator's event source
        this.allocator = new RangeAllocator(new CidrSet(Ipv4Cidr.parse(clusterCidr), nodeCidrMaskSize));
        this.writer = writer;
    }

    @Override
    public String name() {
        return "nodeipam";
    }

    @Override
    public void watch(Watches watches) {
        watches.self(Node.class);
    }

    @Override
    public Result reconcile(ObjectKey key) {
        occupyExistingOnce();
        Node node = nodes.get(null, key.name());
        if (node == null) {
            allocator.release(key.name());
            return Result.done();
        }
        String existing = podCidr(node);
        if (existing != null) {
            if (!allocator.occupy(key.name(), existing)) {
                log.debug("event=node_cidr_outside_cluster_cidr node={} podCIDR={} clusterCIDR={}", key.name(), existing,
                        allocator.clusterCidr());
            }
            return Result.done();
        }
        Optional<Ipv4Cidr> cidr = allocator.allocate(key.name());
        if (cidr.isEmpty()) {
            events.normal(node, CIDR_NOT_AVAILABLE, "Node " + key.name() + " status is now: " + CIDR_NOT_AVAILABLE);
            throw new IllegalStateException("no node CIDR left in " + allocator.clusterCidr() + " for node " + key.name());
        }
        try {
            writer.write(node, cidr.get().toString());
        } catch (RuntimeException e) {
            // e.g. a conflict because the node got a podCIDR meanwhile: the retry reads it and occupies that one
            allocator.release(key.name());
            throw e;
        }
        log.info("event=node_cidr_allocated node={} podCIDR={}", key.name(), cidr.get());
        return Result.done();
    }

    /** Workers start once the node cache has synced, so the first reconcile sees every Node there is. */
    private synchronized void occupyExistingOnce() {
        if (occupiedExisting) {
            return;
        }
        for (Node node : nodes.list(null)) {
            String cidr = podCidr(node);
            if (cidr != null) {
                allocator.occupy(node.getMetadata().getName(), cidr);
            }
        }
        occupiedExisting = true;
    }

    /** The node's (first, IPv4 single-stack) pod CIDR, or null when it has none. */
    static String podCidr(Node node) {
        if (node.getSpec() == null) {
            return null;
        }
        List<String> cidrs = node.getSpec().getPodCIDRs();
        if (cidrs != null && !cidrs.isEmpty() && cidrs.get(0) != null && !cidrs.get(0).isEmpty()) {
            return cidrs.get(0);
        }
        String cidr = node.getSpec().getPodCIDR();
        return cidr == null || cidr.isEmpty() ? null : cidr;
    }

    /**
     * Writes {@code spec.podCIDR} and {@code spec.podCIDRs} with an update carrying the cached resourceVersion: a
     * concurrent change (the agent writing its own --pod-cidr) makes it fail and retry instead of overwriting.
     */
    private static PodCidrWriter updatingNodes(KubernetesClient client) {
        return (node, cidr) -> client.nodes().resource(new NodeBuilder(node).editOrNewSpec()
                .withPodCIDR(cidr).withPodCIDRs(cidr).endSpec().build()).update();
    }

    /** How an allocated CIDR reaches the Node; tests record the writes instead. */
    @FunctionalInterface
    interface PodCidrWriter {
        void write(Node cached, String cidr);
    }
}
