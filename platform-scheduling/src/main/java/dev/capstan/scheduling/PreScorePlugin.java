package dev.capstan.scheduling;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Runs once per pod before scoring, with the nodes that passed the filters: computes what Score needs.
 * Returning {@link Status#skip()} skips this plugin's Score for the cycle.
 */
public interface PreScorePlugin extends Plugin {

    Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes);
}
