package dev.capstan.controllers.nodeipam;

import java.util.BitSet;
import java.util.Optional;

/**
 * Upstream's {@code cidrset}: the cluster CIDR cut into equal node subnets ({@code /24}s of a {@code /16} by
 * default), each free or used. {@link #allocateNext()} hands out the next free subnet after the last one handed out,
 * wrapping around, as upstream does: a just-released subnet is not the first to be handed out again, so a node that
 * comes back under a new name rarely gets the subnet its old routes still point to. Not thread-safe.
 */
final class CidrSet {

    /** Upstream's limit: at most 2^16 node subnets per cluster CIDR. */
    static final int MAX_PREFIX_DIFFERENCE = 16;

    private final Ipv4Cidr cluster;
    private final int nodeMaskSize;
    private final int subnets;
    private final BitSet used;
    private int nextCandidate;

    /**
     * @throws IllegalArgumentException when the node mask is shorter than the cluster's, longer than /32, or would
     *     cut the cluster CIDR into more than 2^16 subnets (upstream's {@code ErrCIDRSetSubNetTooBig})
     */
    CidrSet(Ipv4Cidr cluster, int nodeMaskSize) {
        if (nodeMaskSize < cluster.prefixLength() || nodeMaskSize > 32) {
            throw new IllegalArgumentException("node-cidr-mask-size " + nodeMaskSize + " must be between the cluster CIDR's "
                    + cluster.prefixLength() + " and 32");
        }
        if (nodeMaskSize - cluster.prefixLength() > MAX_PREFIX_DIFFERENCE) {
            throw new IllegalArgumentException("node-cidr-mask-size " + nodeMaskSize + " cuts " + cluster
                    + " into more than 2^" + MAX_PREFIX_DIFFERENCE + " node CIDRs");
        }
        this.cluster = cluster;
        this.nodeMaskSize = nodeMaskSize;
        this.subnets = 1 << (nodeMaskSize - cluster.prefixLength());
        this.used = new BitSet(subnets);
    }

    Ipv4Cidr cluster() {
        return cluster;
    }

    int nodeMaskSize() {
        return nodeMaskSize;
    }

    /** The next free node subnet, or empty when all are used (upstream's {@code ErrCIDRRangeNoCIDRsRemaining}). */
    Optional<Ipv4Cidr> allocateNext() {
        for (int i = 0; i < subnets; i++) {
            int candidate = (nextCandidate + i) % subnets;
            if (!used.get(candidate)) {
                used.set(candidate);
                nextCandidate = (candidate + 1) % subnets;
                return Optional.of(subnet(candidate));
            }
        }
        return Optional.empty();
    }

    /**
     * Marks every node subnet that {@code cidr} overlaps as used (a node may carry a larger or smaller block than
     * the node mask). Returns false, marking nothing, when {@code cidr} lies outside the cluster CIDR.
     */
    boolean occupy(Ipv4Cidr cidr) {
        return mark(cidr, true);
    }

    /** Frees every node subnet {@code cidr} overlaps; false when it lies outside the cluster CIDR. */
    boolean release(Ipv4Cidr cidr) {
        return mark(cidr, false);
    }

    boolean isUsed(Ipv4Cidr cidr) {
        int[] range = indexes(cidr);
        return range != null && used.get(range[0], range[1] + 1).cardinality() == range[1] - range[0] + 1;
    }

    int usedCount() {
        return used.cardinality();
    }

    private boolean mark(Ipv4Cidr cidr, boolean value) {
        int[] range = indexes(cidr);
        if (range == null) {
            return false;
        }
        used.set(range[0], range[1] + 1, value);
        return true;
    }

    /** First and last node-subnet index that {@code cidr} overlaps, or null when it is outside the cluster CIDR. */
    private int[] indexes(Ipv4Cidr cidr) {
        if (!cluster.overlaps(cidr)) {
            return null;
        }
        long first = Math.max(cidr.network(), cluster.network());
        long last = Math.min(cidr.lastAddress(), cluster.lastAddress());
        int shift = 32 - nodeMaskSize;
        return new int[] {(int) ((first - cluster.network()) >>> shift), (int) ((last - cluster.network()) >>> shift)};
    }

    private Ipv4Cidr subnet(int index) {
        return new Ipv4Cidr(cluster.network() + ((long) index << (32 - nodeMaskSize)), nodeMaskSize);
    }
}
