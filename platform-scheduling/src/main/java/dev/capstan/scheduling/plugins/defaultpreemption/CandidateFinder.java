package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FrameworkHandle;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's {@code DryRunPreemption}: simulates preemption on the potential nodes, starting at {@code offset} and
 * wrapping around, each on its own copy of the node and of the cycle state. It stops once it has
 * {@code numCandidates} candidates of which at least one violates no PDB, so it may look past the limit to find
 * a PDB-friendly node. Each list keeps at most {@code numCandidates} entries (as upstream's fixed-size lists).
 * Nodes run one after another: the result is deterministic for a given offset.
 */
final class CandidateFinder {

    /**
     * @param candidates the non-violating candidates, then the violating ones
     * @param nodeStatuses why each simulated node is no candidate
     * @param errors the messages of nodes whose simulation failed with an error
     */
    record Outcome(List<Candidate> candidates, Map<String, Status> nodeStatuses, List<String> errors) {
    }

    private CandidateFinder() {
    }

    static Outcome find(FrameworkHandle handle, CycleState state, Pod preemptor, List<NodeInfo> potentialNodes,
            List<PodDisruptionBudget> pdbs, int offset, int numCandidates, Instant now) {
        int preemptorPriority = PodOrdering.priority(preemptor);
        List<Candidate> nonViolating = new ArrayList<>();
        List<Candidate> violating = new ArrayList<>();
        Map<String, Status> nodeStatuses = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        int size = potentialNodes.size();
        for (int i = 0; i < size; i++) {
            NodeInfo node = potentialNodes.get((offset + i) % size).copy();
            VictimSelector.Result result = VictimSelector.select(handle, state.copy(), preemptor, preemptorPriority,
                    node, pdbs, now);
            Status status = result.status();
            if (status.isSuccess() && !result.victims().isEmpty()) {
                List<Candidate> list = result.pdbViolations() == 0 ? nonViolating : violating;
                if (list.size() < numCandidates) {
                    list.add(new Candidate(node.name(), result.victims(), result.pdbViolations()));
                }
                if (!nonViolating.isEmpty() && nonViolating.size() + violating.size() >= numCandidates) {
                    break;
                }
                continue;
            }
            if (status.isSuccess()) {
                // The filters failed on this node before, yet pass without evicting anything: inconsistent state.
                status = Status.error("expected at least one victim pod on node \"" + node.name() + "\"");
            }
            if (status.code() == Status.Code.ERROR) {
                errors.add(status.message());
            }
            nodeStatuses.put(node.name(), status);
        }
        List<Candidate> candidates = new ArrayList<>(nonViolating);
        candidates.addAll(violating);
        return new Outcome(candidates, nodeStatuses, errors);
    }

    /**
     * How many candidates to look for among {@code numNodes} potential nodes: a percentage of them, at least the
     * absolute minimum, at most all of them.
     */
    static int numCandidates(int numNodes, int minCandidateNodesPercentage, int minCandidateNodesAbsolute) {
        int n = (int) ((long) numNodes * minCandidateNodesPercentage / 100);
        n = Math.max(n, minCandidateNodesAbsolute);
        return Math.min(n, numNodes);
    }
}
