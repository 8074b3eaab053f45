package dev.capstan.scheduling.plugins.noderesources;

import dev.capstan.scheduling.ScorePlugin;

/**
 * How NodeResourcesFit scores a node from the fraction of each resource that would be requested with the pod on
 * it (upstream's {@code scoringStrategy.type}). Integer arithmetic as upstream, so scores match kube-scheduler's.
 */
public enum ScoringStrategy {

    /** Spread pods: the more free capacity left, the higher the score (upstream's default). */
    LEAST_ALLOCATED {
        @Override
        long resourceScore(long requested, long capacity) {
            if (capacity == 0 || requested > capacity) {
                return 0;
            }
            return (capacity - requested) * ScorePlugin.MAX_NODE_SCORE / capacity;
        }
    },

    /** Bin-pack pods: the fuller the node, the higher the score. */
    MOST_ALLOCATED {
        @Override
        long resourceScore(long requested, long capacity) {
            if (capacity == 0) {
                return 0;
            }
            // Non-zero defaults can push requested past capacity; a full node is simply full.
            return Math.min(requested, capacity) * ScorePlugin.MAX_NODE_SCORE / capacity;
        }
    };

    /** The score of one resource in {@code [0, MAX_NODE_SCORE]}. */
    abstract long resourceScore(long requested, long capacity);

    /** The weighted mean of the resource scores, skipping resources the node does not have. */
    long score(long[] requested, long[] allocatable, long[] weights) {
        long nodeScore = 0;
        long weightSum = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            nodeScore += resourceScore(requested[i], allocatable[i]) * weights[i];
            weightSum += weights[i];
        }
        return weightSum == 0 ? 0 : nodeScore / weightSum;
    }
}
