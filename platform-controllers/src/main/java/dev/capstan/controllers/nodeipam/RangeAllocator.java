package dev.capstan.controllers.nodeipam;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which node holds which pod CIDR, over a {@link CidrSet} (upstream's {@code rangeAllocator} bookkeeping). Keyed by
 * node name so that asking again for a node whose update has not reached the informer yet returns the CIDR it was
 * already given instead of a second one. Thread-safe.
 */
final class RangeAllocator {

    private final CidrSet cidrs;
    private final Map<String, Ipv4Cidr> byNode = new HashMap<>();

    RangeAllocator(CidrSet cidrs) {
        this.cidrs = cidrs;
    }

    Ipv4Cidr clusterCidr() {
        return cidrs.cluster();
    }

    /**
     * Records that {@code node} carries {@code podCidr} (from its {@code spec.podCIDR}). A CIDR this allocator had
     * handed the node before and that differs is freed. Returns false, recording nothing, when the CIDR is not IPv4
     * or lies outside the cluster CIDR: such a node was set up by hand and keeps what it has.
     */
    synchronized boolean occupy(String node, String podCidr) {
        Ipv4Cidr cidr;
        try {
            cidr = Ipv4Cidr.parse(podCidr);
        } catch (IllegalArgumentException notIpv4) {
            return false;
        }
        if (!cidrs.cluster().overlaps(cidr)) {
            return false;
        }
        Ipv4Cidr before = byNode.put(node, cidr);
        if (before != null && !before.equals(cidr)) {
            free(before);
        }
        cidrs.occupy(cidr);
        return true;
    }

    /** The node's CIDR: the one it already holds, else the next free one; empty when the cluster CIDR is used up. */
    synchronized Optional<Ipv4Cidr> allocate(String node) {
        Ipv4Cidr held = byNode.get(node);
        if (held != null) {
            return Optional.of(held);
        }
        Optional<Ipv4Cidr> next = cidrs.allocateNext();
        next.ifPresent(cidr -> byNode.put(node, cidr));
        return next;
    }

    /** Frees the node's CIDR (the node is gone, or writing it failed). Nothing happens for an unknown node. */
    synchronized void release(String node) {
        Ipv4Cidr held = byNode.remove(node);
        if (held != null) {
            free(held);
        }
    }

    synchronized Optional<Ipv4Cidr> cidrOf(String node) {
        return Optional.ofNullable(byNode.get(node));
    }

    /** Frees the subnets unless another node (set up by hand with an overlapping block) still holds them. */
    private void free(Ipv4Cidr cidr) {
        if (byNode.values().stream().noneMatch(other -> other.overlaps(cidr))) {
            cidrs.release(cidr);
        }
    }
}
