package dev.capstan.node.network;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes to the other nodes' pods, as flannel's host-gw backend: watches the Nodes and keeps, for every other Node
 * with a pod CIDR and an InternalIP, {@code ip route replace <podCIDR> via <InternalIP>}; routes it installed for
 * nodes that went away (or moved) are deleted. Which routes are its own it reads back from the kernel (they carry
 * {@link IpRoutes#PROTOCOL}), so a restarted agent also removes routes of nodes deleted while it was down; routes
 * outside the cluster CIDR are never touched. Needs the nodes on one L2 network: the gateway must be directly
 * reachable.
 *
 * <p>Informer events only ask for a sync; syncs run one at a time on their own thread, reading the informer's cache
 * and the kernel afresh (level-based), and the informer's periodic resync repairs routes someone removed.
 */
public final class PodRoutes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PodRoutes.class);

    private final KubernetesClient client;
    private final String nodeName;
    private final Ipv4Block clusterCidr;
    private final IpRoutes routes;
    private final Duration resync;
    private final ExecutorService syncs = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "pod-routes");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean syncQueued = new AtomicBoolean();
    private volatile SharedIndexInformer<Node> nodes;

    /**
     * @param nodeName    this node, which gets no route to its own pods (they are on its bridge)
     * @param clusterCidr the block all node pod CIDRs are cut from; routes elsewhere are left alone
     * @param resync      how often routes are checked without a Node event
     */
    public PodRoutes(KubernetesClient client, String nodeName, Ipv4Block clusterCidr, IpRoutes routes, Duration resync) {
        this.client = client;
        this.nodeName = nodeName;
        this.clusterCidr = clusterCidr;
        this.routes = routes;
        this.resync = resync;
    }

    /** Starts watching Nodes; the first sync runs once the informer has listed them. Does not block. */
    public void start() {
        nodes = client.nodes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                requestSync();
            }

            @Override
            public void onUpdate(Node old, Node node) {
                requestSync();
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                requestSync();
            }
        }, resync.toMillis());
        requestSync(); // events that arrived before the informer was assigned found nothing to read
    }

    /**
     * Brings the kernel's pod routes in line with {@code nodes}; returns what it changed. A route that cannot be
     * installed (the gateway is not on a directly connected network) is logged and tried again on the next sync.
     */
    public RoutePlan.Changes sync(Collection<Node> nodes) throws IOException {
        List<NodeRoute> desired = RoutePlan.desired(nodeName, clusterCidr, nodes);
        RoutePlan.Changes changes = RoutePlan.changes(desired, routes.installed(clusterCidr));
        for (NodeRoute route : changes.delete()) {
            routes.delete(route);
            log.info("event=pod_route_deleted destination={} via={}", route.destination(), route.gateway());
        }
        for (NodeRoute route : changes.replace()) {
            try {
                routes.replace(route);
                log.info("event=pod_route_set destination={} via={}", route.destination(), route.gateway());
            } catch (IOException e) {
                log.warn("event=pod_route_failed destination={} via={} error={}", route.destination(), route.gateway(),
                        e.getMessage());
            }
        }
        return changes;
    }

    /** Coalesces events: at most one sync waits behind the running one. */
    private void requestSync() {
        if (!syncQueued.compareAndSet(false, true)) {
            return;
        }
        syncs.execute(() -> {
            syncQueued.set(false);
            SharedIndexInformer<Node> informer = nodes;
            if (informer == null) {
                return;
            }
            try {
                sync(informer.getStore().list());
            } catch (IOException | RuntimeException e) {
                log.warn("event=pod_routes_sync_failed error={}", e.getMessage());
            }
        });
    }

    /** Stops watching. The routes stay: pods on other nodes remain reachable while the agent restarts. */
    @Override
    public void close() {
        SharedIndexInformer<Node> informer = nodes;
        if (informer != null) {
            informer.close();
        }
        syncs.shutdownNow();
    }
}
