package dev.capstan.scheduling.plugins.noderesources;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.PreFilterPlugin;
import dev.capstan.scheduling.PreScorePlugin;
import dev.capstan.scheduling.Resource;
import dev.capstan.scheduling.ScorePlugin;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's {@code NodeResourcesFit} plugin. Filter: the node must have room for one more pod and for the pod's
 * requests of cpu, memory, ephemeral storage and every extended resource, given what the pods already on it request
 * (every shortage is listed, e.g. {@code "Insufficient cpu", "Insufficient memory"}; unschedulable, so preemption
 * may free room). Score: the configured {@link ScoringStrategy} over weighted resources, counting requests with the
 * non-zero defaults so pods without requests still spread. Upstream's {@code ignoredResources} and
 * {@code ignoredResourceGroups} arguments are not supported.
 */
public final class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {

    public static final String NAME = "NodeResourcesFit";

    public static final String ERR_REASON_TOO_MANY_PODS = "Too many pods";

    static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    static final String PRE_SCORE_KEY = "PreScore" + NAME;

    private final ScoringStrategy strategy;
    private final String[] resourceNames;
    private final long[] weights;

    /** LeastAllocated over cpu and memory with weight 1 each, upstream's default. */
    public NodeResourcesFit() {
        this(ScoringStrategy.LEAST_ALLOCATED);
    }

    public NodeResourcesFit(ScoringStrategy strategy) {
        this(strategy, defaultWeights());
    }

    /**
     * @param resourceWeights resource name to weight, each in {@code [1, 100]} as upstream's validation requires
     */
    public NodeResourcesFit(ScoringStrategy strategy, Map<String, Integer> resourceWeights) {
        if (resourceWeights.isEmpty()) {
            throw new IllegalArgumentException("scoringStrategy.resources must not be empty");
        }
        this.strategy = strategy;
        this.resourceNames = new String[resourceWeights.size()];
        this.weights = new long[resourceWeights.size()];
        int i = 0;
        for (Map.Entry<String, Integer> entry : resourceWeights.entrySet()) {
            if (entry.getValue() < 1 || entry.getValue() > ScorePlugin.MAX_NODE_SCORE) {
                throw new IllegalArgumentException("scoringStrategy.resources[" + entry.getKey()
                        + "].weight must be in the range [1, 100], got " + entry.getValue());
            }
            resourceNames[i] = entry.getKey();
            weights[i] = entry.getValue();
            i++;
        }
    }

    private static Map<String, Integer> defaultWeights() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put(Resource.CPU, 1);
        weights.put(Resource.MEMORY, 1);
        return weights;
    }

    @Override
    public String name() {
        return NAME;
    }

    public ScoringStrategy strategy() {
        return strategy;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod, Snapshot snapshot) {
        state.write(PRE_FILTER_KEY, new PreFilterState(new PodInfo(pod)));
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        PreFilterState prepared = state.read(PRE_FILTER_KEY, PreFilterState.class);
        if (prepared == null) {
            prepared = new PreFilterState(new PodInfo(pod));
        }
        List<String> reasons = insufficientResources(prepared.request(), node);
        return reasons.isEmpty() ? Status.success() : Status.unschedulable(reasons.toArray(String[]::new));
    }

    /**
     * Upstream's {@code Fits}: the reasons the node cannot take a pod with these effective requests (see
     * {@link PodInfo#requests()}), empty when it can.
     */
    public static List<String> insufficientResources(Resource podRequests, NodeInfo node) {
        return insufficientResources(PodRequest.of(podRequests), node);
    }

    /**
     * Upstream's {@code fitsRequest}. An extended resource the node does not offer has allocatable 0, so any
     * request of it is insufficient.
     */
    static List<String> insufficientResources(PodRequest request, NodeInfo node) {
        List<String> reasons = new ArrayList<>(2);
        Resource allocatable = node.allocatable();
        if (node.pods().size() + 1 > allocatable.allowedPodNumber()) {
            reasons.add(ERR_REASON_TOO_MANY_PODS);
        }
        Resource pod = request.requests();
        if (request.isZero()) {
            return reasons;
        }
        Resource used = node.requested();
        if (pod.milliCpu() > 0 && pod.milliCpu() > allocatable.milliCpu() - used.milliCpu()) {
            reasons.add("Insufficient cpu");
        }
        if (pod.memory() > 0 && pod.memory() > allocatable.memory() - used.memory()) {
            reasons.add("Insufficient memory");
        }
        if (pod.ephemeralStorage() > 0
                && pod.ephemeralStorage() > allocatable.ephemeralStorage() - used.ephemeralStorage()) {
            reasons.add("Insufficient ephemeral-storage");
        }
        String[] scalarNames = request.scalarNames();
        for (int i = 0; i < scalarNames.length; i++) {
            String scalar = scalarNames[i];
            if (pod.get(scalar) > allocatable.get(scalar) - used.get(scalar)) {
                reasons.add(request.scalarReasons()[i]);
            }
        }
        return reasons;
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        PreFilterState prepared = state.read(PRE_FILTER_KEY, PreFilterState.class);
        PodInfo podInfo = prepared != null ? prepared.podInfo() : new PodInfo(pod);
        state.write(PRE_SCORE_KEY, new PreScoreState(ResourceAllocation.podRequests(podInfo.nonZeroRequests(), resourceNames)));
        return Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        PreScoreState prepared = state.read(PRE_SCORE_KEY, PreScoreState.class);
        long[] podRequests = prepared != null ? prepared.podRequests()
                : ResourceAllocation.podRequests(new PodInfo(pod).nonZeroRequests(), resourceNames);
        long[] requested = new long[resourceNames.length];
        long[] allocatable = new long[resourceNames.length];
        ResourceAllocation.fill(node, resourceNames, podRequests, false, requested, allocatable);
        return strategy.score(requested, allocatable, weights);
    }

    /** The pod's requests as PreFilter computed them; never modified after construction. */
    record PreFilterState(PodInfo podInfo, PodRequest request) implements CycleState.Data {

        PreFilterState(PodInfo podInfo) {
            this(podInfo, PodRequest.of(podInfo.requests()));
        }

        @Override
        public CycleState.Data copy() {
            return this;
        }
    }

    /** The pod's non-zero request of each scored resource, in the constructor's order. */
    record PreScoreState(long[] podRequests) implements CycleState.Data {
        @Override
        public CycleState.Data copy() {
            return this;
        }
    }
}
