package dev.capstan.node.network;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's pod CIDR, as upstream's kubelet takes it: from its Node's {@code spec.podCIDR}, which the node IPAM
 * controller fills in after the Node registers. Asked once, after registration and before the first pod:
 *
 * <ol>
 * <li>{@code capstan.node.pod-subnet} is configured (upstream's {@code --pod-cidr}): that one, written to the Node so
 *     the other nodes route it here. It also replaces a different CIDR on the Node: the controller may have assigned
 *     one in the moment between registration and this step (it then frees its own block when it sees the change);
 *     an API server that refuses the change (upstream's treats podCIDR as immutable) leaves a warning;</li>
 * <li>the Node has a pod CIDR: that one;</li>
 * <li>otherwise it waits, polling, up to {@code wait} for the controller to fill it in, then falls back to
 *     {@value #FALLBACK} (a single node whose control plane runs no node IPAM controller).</li>
 * </ol>
 */
public final class PodCidrSource {

    /** The pod CIDR of a node nobody gave one, the first /24 of the default cluster CIDR. */
    public static final String FALLBACK = "10.42.0.0/24";

    private static final Logger log = LoggerFactory.getLogger(PodCidrSource.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);

    private final NodeSpecs node;
    private final String nodeName;
    private final String configured;
    private final Duration wait;
    private final Duration poll;

    /**
     * @param configured {@code capstan.node.pod-subnet}, or null/empty
     * @param wait       how long to wait for the controller (e.g. 30 s)
     */
    public PodCidrSource(KubernetesClient client, String nodeName, String configured, Duration wait) {
        this(new ClusterNodeSpecs(client, nodeName), nodeName, configured, wait, Duration.ofMillis(500));
    }

    PodCidrSource(NodeSpecs node, String nodeName, String configured, Duration wait, Duration poll) {
        if (configured != null && !configured.isBlank() && (!configured.contains("/") || !Ipv4Block.isIpv4(configured))) {
            throw new IllegalArgumentException("capstan.node.pod-subnet is not an IPv4 CIDR: " + configured);
        }
        this.node = node;
        this.nodeName = nodeName;
        this.configured = configured == null || configured.isBlank() ? null : Ipv4Block.parse(configured).toString();
        this.wait = wait;
        this.poll = poll;
    }

    /** Blocks at most about {@code wait} (plus API calls); never fails: the fallback is a usable single-node CIDR. */
    public String resolve() {
        if (configured != null) {
            return publishConfigured();
        }
        String fromNode = readQuietly();
        if (fromNode != null) {
            return adopt(fromNode);
        }
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        long nextLog = start;
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextLog) {
                log.info("event=waiting_for_pod_cidr node={} waited={}s max={}s", nodeName,
                        Duration.ofNanos(System.nanoTime() - start).toSeconds(), wait.toSeconds());
                nextLog += LOG_EVERY.toNanos();
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            fromNode = readQuietly();
            if (fromNode != null) {
                return adopt(fromNode);
            }
        }
        log.warn("event=pod_cidr_fallback node={} podCIDR={} reason=\"Node.spec.podCIDR still empty after {}s: no node IPAM "
                + "controller? Set capstan.node.pod-subnet on every node of a multi-node cluster\"", nodeName, FALLBACK,
                wait.toSeconds());
        return FALLBACK;
    }

    private String adopt(String fromNode) {
        log.info("event=pod_cidr node={} podCIDR={} source=node", nodeName, fromNode);
        return fromNode;
    }

    /** Writes the configured CIDR to the Node (a conflict is retried on a fresh read); used whatever the API says. */
    private String publishConfigured() {
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                String before = node.podCidr();
                if (!configured.equals(before)) {
                    node.setPodCidr(configured);
                    if (before != null) {
                        log.warn("event=pod_cidr_replaced node={} was={} podCIDR={} reason=\"capstan.node.pod-subnet is set\"",
                                nodeName, before, configured);
                    }
                }
                log.info("event=pod_cidr node={} podCIDR={} source=config published=true", nodeName, configured);
                return configured;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    log.warn("event=pod_cidr_publish_failed node={} podCIDR={} error={}", nodeName, configured, e.getMessage());
                    break;
                }
            }
        }
        log.warn("event=pod_cidr node={} podCIDR={} source=config published=false reason=\"other nodes may route another "
                + "CIDR here\"", nodeName, configured);
        return configured;
    }

    private String readQuietly() {
        try {
            return node.podCidr();
        } catch (KubernetesClientException e) {
            log.debug("event=node_read_failed node={} error={}", nodeName, e.getMessage());
            return null;
        }
    }

    /** The Node's pod CIDR as the API has it. */
    interface NodeSpecs {

        /** The Node's first pod CIDR, or null (no Node, or none set). */
        String podCidr();

        /** Sets {@code spec.podCIDR} and {@code spec.podCIDRs}; a concurrent change of the Node throws (409). */
        void setPodCidr(String cidr);
    }

    /** Through the API server: a get, and an update carrying the resourceVersion it read (409 on a concurrent change). */
    private record ClusterNodeSpecs(KubernetesClient client, String nodeName) implements NodeSpecs {

        @Override
        public String podCidr() {
            Node node = client.nodes().withName(nodeName).get();
            return node == null ? null : first(node);
        }

        @Override
        public void setPodCidr(String cidr) {
            Node node = client.nodes().withName(nodeName).get();
            if (node == null) {
                throw new KubernetesClientException("node " + nodeName + " is not registered");
            }
            client.nodes().resource(new NodeBuilder(node).editOrNewSpec().withPodCIDR(cidr).withPodCIDRs(cidr).endSpec()
                    .build()).update();
        }

        private static String first(Node node) {
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
    }
}
