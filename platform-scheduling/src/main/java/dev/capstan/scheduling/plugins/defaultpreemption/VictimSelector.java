package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FrameworkHandle;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's {@code SelectVictimsOnNode}: the smallest set of lower-priority pods whose removal lets the preemptor
 * pass the filters on one node. It first removes every lower-priority pod; if the preemptor still does not fit,
 * preemption cannot help there. Otherwise it adds the pods back one by one, most important first and
 * PDB-protected ones before the others, keeping each that still leaves room; the rest are the victims.
 * Works on the {@link NodeInfo} and {@link CycleState} it is given: callers pass copies.
 */
final class VictimSelector {

    static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    /**
     * @param status success with at least one victim, a rejection (the node is no candidate) or an error
     * @param victims most important first
     */
    record Result(Status status, List<PodInfo> victims, int pdbViolations) {

        static Result failed(Status status) {
            return new Result(status, List.of(), 0);
        }
    }

    private final FrameworkHandle handle;
    private final CycleState state;
    private final Pod preemptor;
    private final NodeInfo node;

    private VictimSelector(FrameworkHandle handle, CycleState state, Pod preemptor, NodeInfo node) {
        this.handle = handle;
        this.state = state;
        this.preemptor = preemptor;
        this.node = node;
    }

    static Result select(FrameworkHandle handle, CycleState state, Pod preemptor, int preemptorPriority,
            NodeInfo node, List<PodDisruptionBudget> pdbs, Instant now) {
        return new VictimSelector(handle, state, preemptor, node).select(preemptorPriority, pdbs, now);
    }

    private Result select(int preemptorPriority, List<PodDisruptionBudget> pdbs, Instant now) {
        List<PodInfo> potentialVictims = new ArrayList<>();
        for (PodInfo pod : node.pods()) {
            if (pod.priority() < preemptorPriority) {
                potentialVictims.add(pod);
            }
        }
        for (PodInfo victim : potentialVictims) {
            Status removed = remove(victim);
            if (!removed.isSuccess()) {
                return Result.failed(removed);
            }
        }
        if (potentialVictims.isEmpty()) {
            // Nothing changed on the node, so the filters would fail as they did.
            return Result.failed(Status.unresolvable(NO_VICTIMS));
        }
        // Affinity of the preemptor to one of the victims is deliberately not considered (as upstream): with
        // every lower-priority pod gone, a node that still does not fit is no candidate.
        Status fits = handle.runFilters(state, preemptor, node);
        if (!fits.isSuccess()) {
            return Result.failed(fits);
        }

        potentialVictims.sort(PodOrdering.moreImportantFirst(now));
        PdbViolations.Split split = PdbViolations.split(potentialVictims, pdbs);
        List<PodInfo> victims = new ArrayList<>();
        int violations = 0;
        for (PodInfo pod : split.violating()) {
            Reprieve reprieve = reprieve(pod, victims);
            if (reprieve.error() != null) {
                return Result.failed(reprieve.error());
            }
            if (!reprieve.kept()) {
                violations++;
            }
        }
        for (PodInfo pod : split.nonViolating()) {
            Reprieve reprieve = reprieve(pod, victims);
            if (reprieve.error() != null) {
                return Result.failed(reprieve.error());
            }
        }
        if (!split.violating().isEmpty() && !split.nonViolating().isEmpty()) {
            victims.sort(PodOrdering.moreImportantFirst(now)); // the two groups interleave in importance
        }
        return new Result(Status.success(), victims, violations);
    }

    private record Reprieve(boolean kept, Status error) {
    }

    /** Puts {@code pod} back; if the preemptor no longer fits, takes it out again and makes it a victim. */
    private Reprieve reprieve(PodInfo pod, List<PodInfo> victims) {
        node.addPod(pod);
        Status added = handle.runPreFilterAddPod(state, preemptor, pod, node);
        if (!added.isSuccess()) {
            return new Reprieve(false, asError(added));
        }
        if (handle.runFilters(state, preemptor, node).isSuccess()) {
            return new Reprieve(true, null);
        }
        Status removed = remove(pod);
        if (!removed.isSuccess()) {
            return new Reprieve(false, removed);
        }
        victims.add(pod);
        return new Reprieve(false, null);
    }

    private Status remove(PodInfo pod) {
        node.removePod(pod.pod());
        Status removed = handle.runPreFilterRemovePod(state, preemptor, pod, node);
        return removed.isSuccess() ? removed : asError(removed);
    }

    /** A hook that fails leaves the simulated state unusable: upstream turns it into an error. */
    private static Status asError(Status status) {
        return status.code() == Status.Code.ERROR ? status : Status.error(status.message());
    }
}
