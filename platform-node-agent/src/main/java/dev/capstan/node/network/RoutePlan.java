package dev.capstan.node.network;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which pod routes a node needs (flannel's host-gw backend): for every other Node with a pod CIDR inside the cluster
 * CIDR and an InternalIP, a route to that CIDR via that IP. Pure: the caller reads the Nodes and the kernel's routes.
 */
public final class RoutePlan {

    private RoutePlan() {
    }

    /**
     * The routes this node wants. Skipped: this node, nodes without a pod CIDR or IPv4 InternalIP, CIDRs outside the
     * cluster CIDR (someone else's network) or overlapping this node's own CIDR (they are on the bridge), and nodes
     * whose InternalIP is this node's. Two nodes claiming the same CIDR: the one whose name sorts first wins.
     */
    public static List<NodeRoute> desired(String selfName, Ipv4Block clusterCidr, Collection<Node> nodes) {
        Node self = nodes.stream().filter(n -> selfName.equals(n.getMetadata().getName())).findFirst().orElse(null);
        Ipv4Block ownCidr = self == null ? null : podCidr(self);
        String ownIp = self == null ? null : internalIp(self);
        Map<Ipv4Block, NodeRoute> routes = new LinkedHashMap<>();
        nodes.stream().sorted(Comparator.comparing(n -> n.getMetadata().getName())).forEach(node -> {
            if (selfName.equals(node.getMetadata().getName())) {
                return;
            }
            Ipv4Block cidr = podCidr(node);
            String ip = internalIp(node);
            if (cidr == null || ip == null || !clusterCidr.contains(cidr) || Objects.equals(ip, ownIp)
                    || ownCidr != null && ownCidr.overlaps(cidr)) {
                return;
            }
            routes.putIfAbsent(cidr, new NodeRoute(cidr, ip));
        });
        return List.copyOf(routes.values());
    }

    /**
     * What to change: routes to add or re-point ({@code ip route replace}) and routes this agent added before that are
     * no longer wanted ({@code ip route del}). {@code current} are the routes the agent added (see {@link IpRoutes});
     * routes it did not add are neither compared nor deleted.
     */
    public static Changes changes(List<NodeRoute> desired, List<NodeRoute> current) {
        List<NodeRoute> replace = new ArrayList<>();
        for (NodeRoute route : desired) {
            if (!current.contains(route)) {
                replace.add(route);
            }
        }
        List<NodeRoute> delete = new ArrayList<>();
        for (NodeRoute route : current) {
            if (desired.stream().noneMatch(d -> d.destination().equals(route.destination()))) {
                delete.add(route);
            }
        }
        return new Changes(List.copyOf(replace), List.copyOf(delete));
    }

    /** The node's first IPv4 pod CIDR ({@code spec.podCIDRs}, else {@code spec.podCIDR}), or null. */
    static Ipv4Block podCidr(Node node) {
        if (node.getSpec() == null) {
            return null;
        }
        List<String> candidates = new ArrayList<>();
        if (node.getSpec().getPodCIDRs() != null) {
            candidates.addAll(node.getSpec().getPodCIDRs());
        }
        candidates.add(node.getSpec().getPodCIDR());
        for (String candidate : candidates) {
            if (candidate != null && candidate.contains("/") && Ipv4Block.isIpv4(candidate)) {
                return Ipv4Block.parse(candidate);
            }
        }
        return null;
    }

    /** The node's first IPv4 InternalIP, or null. */
    static String internalIp(Node node) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return null;
        }
        for (NodeAddress address : node.getStatus().getAddresses()) {
            if ("InternalIP".equals(address.getType()) && address.getAddress() != null
                    && !address.getAddress().contains("/") && Ipv4Block.isIpv4(address.getAddress())) {
                return address.getAddress();
            }
        }
        return null;
    }

    /**
     * @param replace routes to install or re-point
     * @param delete  routes the agent installed that no Node wants any more
     */
    public record Changes(List<NodeRoute> replace, List<NodeRoute> delete) {

        public boolean isEmpty() {
            return replace.isEmpty() && delete.isEmpty();
        }
    }
}
