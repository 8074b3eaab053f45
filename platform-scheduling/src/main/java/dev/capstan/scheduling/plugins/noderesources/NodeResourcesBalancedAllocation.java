package dev.capstan.scheduling.plugins.noderesources;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.PreScorePlugin;
import dev.capstan.scheduling.Resource;
import dev.capstan.scheduling.ScorePlugin;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Upstream's {@code NodeResourcesBalancedAllocation} plugin: favours nodes whose resources would be used evenly with
 * the pod on them. Score = (1 - std) * 100, std being the standard deviation of the requested fractions of cpu and
 * memory (each capped at 1). As upstream, it counts actual requests (not the non-zero defaults) and skips
 * best-effort pods (requesting none of the resources), which would otherwise all pile onto one balanced node.
 */
public final class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {

    public static final String NAME = "NodeResourcesBalancedAllocation";

    static final String PRE_SCORE_KEY = "PreScore" + NAME;

    private final String[] resourceNames;

    /** Balances cpu and memory, upstream's default. */
    public NodeResourcesBalancedAllocation() {
        this(List.of(Resource.CPU, Resource.MEMORY));
    }

    public NodeResourcesBalancedAllocation(List<String> resources) {
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("resources must not be empty");
        }
        this.resourceNames = resources.toArray(String[]::new);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        long[] podRequests = ResourceAllocation.podRequests(new PodInfo(pod).requests(), resourceNames);
        if (isBestEffort(podRequests)) {
            return Status.skip();
        }
        state.write(PRE_SCORE_KEY, new PreScoreState(podRequests));
        return Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        PreScoreState prepared = state.read(PRE_SCORE_KEY, PreScoreState.class);
        long[] podRequests;
        if (prepared != null) {
            podRequests = prepared.podRequests();
        } else {
            podRequests = ResourceAllocation.podRequests(new PodInfo(pod).requests(), resourceNames);
            if (isBestEffort(podRequests)) {
                return 0;
            }
        }
        long[] requested = new long[resourceNames.length];
        long[] allocatable = new long[resourceNames.length];
        ResourceAllocation.fill(node, resourceNames, podRequests, true, requested, allocatable);
        return balancedScore(requested, allocatable);
    }

    /** (1 - standard deviation of the requested fractions) * 100, resources the node lacks left out. */
    static long balancedScore(long[] requested, long[] allocatable) {
        double[] fractions = new double[requested.length];
        int count = 0;
        double total = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            double fraction = Math.min(1.0, (double) requested[i] / (double) allocatable[i]);
            fractions[count++] = fraction;
            total += fraction;
        }
        double std = 0;
        if (count == 2) {
            // The common cpu+memory case: the standard deviation of two values is half their distance.
            std = Math.abs((fractions[0] - fractions[1]) / 2);
        } else if (count > 2) {
            double mean = total / count;
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += (fractions[i] - mean) * (fractions[i] - mean);
            }
            std = Math.sqrt(sum / count);
        }
        return (long) ((1 - std) * ScorePlugin.MAX_NODE_SCORE);
    }

    private static boolean isBestEffort(long[] podRequests) {
        for (long request : podRequests) {
            if (request != 0) {
                return false;
            }
        }
        return true;
    }

    /** The pod's request of each balanced resource; never modified. */
    record PreScoreState(long[] podRequests) implements CycleState.Data {
        @Override
        public CycleState.Data copy() {
            return this;
        }
    }
}
