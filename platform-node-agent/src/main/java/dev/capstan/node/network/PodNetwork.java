package dev.capstan.node.network;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up this node's part of the pod network once its Node is registered and before the first pod sandbox: the pod
 * CIDR ({@link PodCidrSource}), masquerading ({@link PodMasquerade}), the CNI network in that CIDR
 * ({@link CniNetworkWriter}; containerd's CRI reloads its CNI config directory when the file changes), forwarding
 * ({@link PodForwarding}), then the routes to the other nodes ({@link PodRoutes}).
 */
public final class PodNetwork implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PodNetwork.class);

    private final PodCidrSource cidrSource;
    private final Ipv4Block clusterCidr;
    private final CniNetworkWriter cni;
    private final PodMasquerade masquerade;
    private final PodForwarding forwarding;
    private final PodRoutes routes;
    private volatile String podCidr;

    /**
     * @param cni        null when the runtime's CNI configuration is not the agent's (an external
     *                   {@code --container-runtime-endpoint}); masquerading is then the runtime's CNI's too
     * @param masquerade null to leave masquerading to the bridge plugin
     * @param forwarding null to leave the {@code FORWARD} chain alone
     */
    public PodNetwork(PodCidrSource cidrSource, Ipv4Block clusterCidr, CniNetworkWriter cni, PodMasquerade masquerade,
                      PodForwarding forwarding, PodRoutes routes) {
        this.cidrSource = cidrSource;
        this.clusterCidr = clusterCidr;
        this.cni = cni;
        this.masquerade = masquerade;
        this.forwarding = forwarding;
        this.routes = routes;
    }

    /** Blocks until the pod CIDR is known (bounded by {@link PodCidrSource}), then sets everything up. */
    public void start() {
        podCidr = cidrSource.resolve();
        Ipv4Block block = Ipv4Block.parse(podCidr);
        if (!clusterCidr.contains(block)) {
            log.warn("event=pod_cidr_outside_cluster_cidr podCIDR={} clusterCIDR={} reason=\"other nodes will not route "
                    + "to it; set capstan.node.cluster-cidr\"", podCidr, clusterCidr);
        }
        if (cni != null) {
            boolean ownMasquerade = false;
            if (masquerade != null) {
                try {
                    masquerade.apply(block, clusterCidr);
                    ownMasquerade = true;
                } catch (RuntimeException e) {
                    log.warn("event=pod_masquerade_failed error={} fallback=bridge_ipMasq", e.getMessage());
                }
            }
            cni.write(podCidr, !ownMasquerade);
        }
        if (forwarding != null) {
            try {
                forwarding.apply(clusterCidr);
            } catch (RuntimeException e) {
                log.warn("event=pod_forwarding_failed error={}", e.getMessage());
            }
        }
        try {
            routes.start();
        } catch (RuntimeException e) {
            // pods on this node work without them; the agent's log says why the others cannot reach them
            log.warn("event=pod_routes_not_started error={}", e.getMessage());
        }
        log.info("event=pod_network_ready podCIDR={} clusterCIDR={}", podCidr, clusterCidr);
    }

    /** This node's pod CIDR, once {@link #start()} has run. */
    public String podCidr() {
        return podCidr;
    }

    @Override
    public void close() {
        routes.close();
    }
}
