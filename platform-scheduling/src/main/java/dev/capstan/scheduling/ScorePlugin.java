package dev.capstan.scheduling;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Ranks a feasible node for the pod. Called in parallel for many nodes. After all nodes are scored
 * {@link #normalizeScores} may rescale them; final scores must be in {@code [0, MAX_NODE_SCORE]} and are then
 * multiplied by the plugin's weight from the profile.
 */
public interface ScorePlugin extends Plugin {

    long MAX_NODE_SCORE = 100;
    long MIN_NODE_SCORE = 0;

    long score(CycleState state, Pod pod, NodeInfo node);

    /** Rescales the raw scores in place (upstream's {@code ScoreExtensions.NormalizeScore}); none by default. */
    default void normalizeScores(CycleState state, Pod pod, List<NodeScore> scores) {
    }

    /** A node's score; mutable so normalization can rewrite it in place. */
    final class NodeScore {
        private final String nodeName;
        private long score;

        public NodeScore(String nodeName, long score) {
            this.nodeName = nodeName;
            this.score = score;
        }

        public String nodeName() {
            return nodeName;
        }

        public long score() {
            return score;
        }

        public void setScore(long score) {
            this.score = score;
        }

        @Override
        public String toString() {
            return nodeName + "=" + score;
        }
    }
}
