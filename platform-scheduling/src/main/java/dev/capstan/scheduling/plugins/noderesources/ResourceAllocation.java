package dev.capstan.scheduling.plugins.noderesources;

import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.Resource;

/**
 * Upstream's {@code resourceAllocationScorer.calculateResourceAllocatableRequest} for a list of resources: per
 * resource, what the node can allocate and what would be requested on it with the pod. A resource is left at
 * (0, 0), which the scorers skip, when the node does not have it, or when it is an extended resource the pod does
 * not request (so nodes with GPUs are not penalized for pods that do not use them).
 */
final class ResourceAllocation {

    private ResourceAllocation() {
    }

    /**
     * @param useRequested true to count the node's actual requests for cpu and memory (BalancedAllocation), false
     *        for the non-zero defaults (Fit's strategies)
     */
    static void fill(NodeInfo node, String[] names, long[] podRequests, boolean useRequested, long[] requested,
            long[] allocatable) {
        Resource nodeAllocatable = node.allocatable();
        Resource nodeRequested = node.requested();
        Resource cpuMemoryRequested = useRequested ? nodeRequested : node.nonZeroRequested();
        for (int i = 0; i < names.length; i++) {
            long podRequest = podRequests[i];
            long alloc;
            long req;
            switch (names[i]) {
                case Resource.CPU -> {
                    alloc = nodeAllocatable.milliCpu();
                    req = cpuMemoryRequested.milliCpu() + podRequest;
                }
                case Resource.MEMORY -> {
                    alloc = nodeAllocatable.memory();
                    req = cpuMemoryRequested.memory() + podRequest;
                }
                case Resource.EPHEMERAL_STORAGE -> {
                    alloc = nodeAllocatable.ephemeralStorage();
                    req = nodeRequested.ephemeralStorage() + podRequest;
                }
                case Resource.PODS -> {
                    alloc = 0; // not a scored resource upstream
                    req = 0;
                }
                default -> {
                    Long scalar = podRequest == 0 ? null : nodeAllocatable.scalarResources().get(names[i]);
                    alloc = scalar == null ? 0 : scalar;
                    req = nodeRequested.get(names[i]) + podRequest;
                }
            }
            if (alloc == 0) {
                requested[i] = 0;
                allocatable[i] = 0;
            } else {
                requested[i] = req;
                allocatable[i] = alloc;
            }
        }
    }

    /** The pod's request of each named resource, in this class's units. */
    static long[] podRequests(Resource podRequest, String[] names) {
        long[] result = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            result[i] = Resource.PODS.equals(names[i]) ? 0 : podRequest.get(names[i]);
        }
        return result;
    }
}
