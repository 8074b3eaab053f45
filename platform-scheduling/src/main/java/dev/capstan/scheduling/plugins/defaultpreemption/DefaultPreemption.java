package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FrameworkHandle;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.PostFilterPlugin;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

/**
 * Upstream's DefaultPreemption PostFilter plugin: when no node fits a pod, finds a node where evicting pods of
 * lower priority makes room, evicts them and nominates that node. The pod itself stays unschedulable for this
 * cycle and is retried once the victims are gone.
 *
 * <p>Only nodes that failed with UNSCHEDULABLE are tried; UNSCHEDULABLE_AND_UNRESOLVABLE (a node selector, a
 * taint) cannot be fixed by removing pods. To bound the cost on large clusters only some candidates are looked
 * for (10% of the nodes, at least 100), starting at a random node so preemptions spread out.
 */
public final class DefaultPreemption implements PostFilterPlugin {

    public static final String NAME = "DefaultPreemption";
    public static final int DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE = 10;
    public static final int DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE = 100;

    static final String PREFIX = "preemption: ";
    static final String NEVER = "not eligible due to preemptionPolicy=Never.";
    static final String TERMINATING = "not eligible due to a terminating pod on the nominated node.";

    private final int minCandidateNodesPercentage;
    private final int minCandidateNodesAbsolute;
    private final IntUnaryOperator offsets;
    private final Evictor evictor;

    public DefaultPreemption() {
        this(DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE, DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE);
    }

    /** With upstream's {@code DefaultPreemptionArgs}; validated as upstream does. */
    public DefaultPreemption(int minCandidateNodesPercentage, int minCandidateNodesAbsolute) {
        this(minCandidateNodesPercentage, minCandidateNodesAbsolute,
                n -> ThreadLocalRandom.current().nextInt(n),
                (handle, preemptor, node, victims) -> new VictimEvictor(handle.client()).evict(preemptor, victims));
    }

    /** For tests: a fixed offset source (given the number of potential nodes) and evictor. */
    DefaultPreemption(int minCandidateNodesPercentage, int minCandidateNodesAbsolute, IntUnaryOperator offsets,
            Evictor evictor) {
        if (minCandidateNodesPercentage < 0 || minCandidateNodesPercentage > 100) {
            throw new IllegalArgumentException("minCandidateNodesPercentage must be in [0, 100]");
        }
        if (minCandidateNodesAbsolute < 0) {
            throw new IllegalArgumentException("minCandidateNodesAbsolute must not be negative");
        }
        if (minCandidateNodesPercentage == 0 && minCandidateNodesAbsolute == 0) {
            throw new IllegalArgumentException(
                    "minCandidateNodesPercentage and minCandidateNodesAbsolute cannot both be zero");
        }
        this.minCandidateNodesPercentage = minCandidateNodesPercentage;
        this.minCandidateNodesAbsolute = minCandidateNodesAbsolute;
        this.offsets = offsets;
        this.evictor = evictor;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PostFilterResult postFilter(CycleState state, Pod pod, Map<String, Status> nodeStatuses,
            FrameworkHandle handle) {
        Map<String, Status> statuses = nodeStatuses == null ? Map.of() : nodeStatuses;
        Snapshot snapshot = handle.snapshot();
        String notEligible = notEligibleReason(pod, statuses, snapshot);
        if (notEligible != null) {
            return new PostFilterResult(null, Status.unschedulable(PREFIX + notEligible));
        }
        if (snapshot.size() == 0) {
            return new PostFilterResult(null, Status.error(PREFIX + "no nodes available"));
        }

        Instant now = Instant.now();
        List<NodeInfo> potentialNodes = new ArrayList<>();
        for (NodeInfo node : snapshot.nodes()) {
            Status status = statuses.get(node.name());
            if (status != null && status.code() == Status.Code.UNSCHEDULABLE) {
                potentialNodes.add(node);
            }
        }
        CandidateFinder.Outcome outcome = potentialNodes.isEmpty()
                ? new CandidateFinder.Outcome(List.of(), Map.of(), List.of())
                : CandidateFinder.find(handle, state, pod, potentialNodes, pdbs(handle),
                        offsets.applyAsInt(potentialNodes.size()),
                        CandidateFinder.numCandidates(potentialNodes.size(), minCandidateNodesPercentage,
                                minCandidateNodesAbsolute),
                        now);
        if (outcome.candidates().isEmpty()) {
            if (!outcome.errors().isEmpty()) {
                return new PostFilterResult(null, Status.error(PREFIX + aggregate(outcome.errors())));
            }
            return new PostFilterResult(null, Status.unschedulable(
                    PREFIX + FitErrorMessage.of(snapshot.size(), outcome.nodeStatuses())));
        }

        Candidate best = CandidatePicker.pick(outcome.candidates(), now);
        List<Pod> victims = best.victims().stream().map(PodInfo::pod).toList();
        Status evicted = evictor.evict(handle, pod, best.nodeName(), victims);
        if (!evicted.isSuccess()) {
            return new PostFilterResult(null, Status.error(PREFIX + evicted.message()));
        }
        return new PostFilterResult(best.nodeName(), Status.success());
    }

    /**
     * Upstream's {@code PodEligibleToPreemptOthers}: null when the pod may preempt, else why not. A pod that
     * already preempted waits while a victim on its nominated node is still terminating, unless that node no
     * longer suits it at all.
     */
    static String notEligibleReason(Pod pod, Map<String, Status> nodeStatuses, Snapshot snapshot) {
        if (pod.getSpec() != null && "Never".equals(pod.getSpec().getPreemptionPolicy())) {
            return NEVER;
        }
        String nominated = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        if (nominated == null || nominated.isEmpty()) {
            return null;
        }
        // A node without a status was excluded before filtering (upstream's default for absent nodes).
        Status nominatedStatus = nodeStatuses.get(nominated);
        if (nominatedStatus == null || nominatedStatus.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
            return null;
        }
        NodeInfo node = snapshot.get(nominated);
        if (node == null) {
            return null;
        }
        int priority = PodOrdering.priority(pod);
        for (PodInfo other : node.pods()) {
            if (other.priority() < priority && terminatingByPreemption(other.pod())) {
                return TERMINATING;
            }
        }
        return null;
    }

    /** Deleted, and marked by a scheduler's preemption (other terminating pods do not block a new attempt). */
    private static boolean terminatingByPreemption(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() == null) {
            return false;
        }
        List<PodCondition> conditions = pod.getStatus() == null ? null : pod.getStatus().getConditions();
        if (conditions == null) {
            return false;
        }
        for (PodCondition condition : conditions) {
            if (VictimEvictor.DISRUPTION_TARGET.equals(condition.getType())) {
                return "True".equals(condition.getStatus())
                        && VictimEvictor.PREEMPTION_BY_SCHEDULER.equals(condition.getReason());
            }
        }
        return false;
    }

    private static List<PodDisruptionBudget> pdbs(FrameworkHandle handle) {
        List<PodDisruptionBudget> pdbs = handle.podDisruptionBudgets();
        return pdbs == null ? List.of() : pdbs;
    }

    /** As upstream's error aggregate: one message as is, several in brackets. */
    private static String aggregate(List<String> errors) {
        return errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
    }
}
