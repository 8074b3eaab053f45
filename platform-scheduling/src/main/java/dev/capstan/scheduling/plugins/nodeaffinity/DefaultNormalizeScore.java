package dev.capstan.scheduling.plugins.nodeaffinity;

import dev.capstan.scheduling.ScorePlugin;
import dev.capstan.scheduling.ScorePlugin.NodeScore;
import java.util.List;

/**
 * Upstream's {@code helper.DefaultNormalizeScore}: scales scores so the highest becomes {@code MAX_NODE_SCORE}
 * (integer arithmetic); {@code reverse} turns a count of bad things into a preference for the fewest.
 */
final class DefaultNormalizeScore {

    private DefaultNormalizeScore() {
    }

    static void normalize(boolean reverse, List<NodeScore> scores) {
        long max = 0;
        for (NodeScore score : scores) {
            max = Math.max(max, score.score());
        }
        if (max == 0) {
            // Nothing to tell the nodes apart: reversed, every node is as good as it gets.
            if (reverse) {
                scores.forEach(score -> score.setScore(ScorePlugin.MAX_NODE_SCORE));
            }
            return;
        }
        for (NodeScore score : scores) {
            long scaled = ScorePlugin.MAX_NODE_SCORE * score.score() / max;
            score.setScore(reverse ? ScorePlugin.MAX_NODE_SCORE - scaled : scaled);
        }
    }
}
