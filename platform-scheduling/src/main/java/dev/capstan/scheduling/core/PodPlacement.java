package dev.capstan.scheduling.core;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.ScorePlugin;
import dev.capstan.scheduling.ScorePlugin.NodeScore;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import dev.capstan.scheduling.framework.ParallelNodes;
import dev.capstan.scheduling.framework.SchedulingFramework;
import dev.capstan.scheduling.framework.WeightedScorePlugin;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Upstream's {@code schedulePod}: PreFilter, Filter over enough nodes in parallel (adaptive
 * {@code percentageOfNodesToScore}, starting where the last cycle stopped so all nodes get their turn),
 * PreScore, Score in parallel, NormalizeScore, weights, and the highest total wins (ties broken at random).
 * A pod already nominated to a node (after preemption) tries that node first.
 */
public final class PodPlacement {

    /** Upstream: never fewer than this many feasible nodes are looked for. */
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    /** Upstream: the adaptive percentage never drops below this. */
    static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

    private final ParallelNodes parallel;
    private final int percentageOfNodesToScore;
    private int nextStartNodeIndex;

    public PodPlacement(ParallelNodes parallel, int percentageOfNodesToScore) {
        this.parallel = parallel;
        this.percentageOfNodesToScore = percentageOfNodesToScore;
    }

    /** Chooses a node for the pod or explains why none fits. Called by the one scheduling thread. */
    public ScheduleResult schedule(SchedulingFramework framework, CycleState state, Pod pod, Snapshot snapshot)
            throws UnschedulableException {
        if (snapshot.size() == 0) {
            throw new UnschedulableException(new FitError(0, Map.of(), FitError.NO_NODES, null));
        }
        Map<String, Status> statuses = new ConcurrentHashMap<>();
        Status preFilter = framework.runPreFilters(state, pod, snapshot);
        if (!preFilter.isSuccess()) {
            if (preFilter.code() == Status.Code.ERROR) {
                throw new IllegalStateException(preFilter.plugin() + ": " + preFilter.message());
            }
            for (NodeInfo node : snapshot.nodes()) {
                statuses.put(node.name(), preFilter);
            }
            throw new UnschedulableException(new FitError(snapshot.size(), statuses, preFilter.message(), null));
        }
        List<NodeInfo> feasible = nominatedNodeIfFits(framework, state, pod, snapshot);
        int evaluated = feasible.size();
        if (feasible.isEmpty()) {
            feasible = findFeasible(framework, state, pod, snapshot, statuses);
            evaluated = feasible.size() + statuses.size();
        }
        if (feasible.isEmpty()) {
            throw new UnschedulableException(new FitError(snapshot.size(), statuses, null, null));
        }
        if (feasible.size() == 1) {
            return new ScheduleResult(feasible.get(0).name(), evaluated, 1);
        }
        Status preScore = framework.runPreScores(state, pod, feasible);
        if (!preScore.isSuccess()) {
            throw new IllegalStateException(preScore.plugin() + ": " + preScore.message());
        }
        long[] totals = score(framework, state, pod, feasible);
        return new ScheduleResult(feasible.get(selectHost(totals)).name(), evaluated, feasible.size());
    }

    private List<NodeInfo> nominatedNodeIfFits(SchedulingFramework framework, CycleState state, Pod pod, Snapshot snapshot) {
        String nominated = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        if (nominated == null || nominated.isEmpty()) {
            return List.of();
        }
        NodeInfo node = snapshot.get(nominated);
        return node != null && framework.runFilters(state, pod, node).isSuccess() ? List.of(node) : List.of();
    }

    private List<NodeInfo> findFeasible(SchedulingFramework framework, CycleState state, Pod pod, Snapshot snapshot,
                                        Map<String, Status> statuses) {
        List<NodeInfo> nodes = snapshot.nodes();
        int all = nodes.size();
        int wanted = numFeasibleNodesToFind(all);
        int start = nextStartNodeIndex % all;
        AtomicInteger found = new AtomicInteger();
        AtomicInteger checked = new AtomicInteger();
        AtomicReferenceArray<NodeInfo> feasibleByIndex = new AtomicReferenceArray<>(all);
        parallel.until(all, i -> {
            if (found.get() >= wanted) {
                return false;
            }
            NodeInfo node = nodes.get((start + i) % all);
            checked.incrementAndGet();
            Status status = framework.runFilters(state, pod, node);
            if (status.isSuccess()) {
                if (found.incrementAndGet() <= wanted) {
                    feasibleByIndex.set(i, node);
                }
            } else if (status.code() == Status.Code.ERROR) {
                throw new IllegalStateException(status.plugin() + ": " + status.message());
            } else {
                statuses.put(node.name(), status);
            }
            return true;
        });
        nextStartNodeIndex = (start + checked.get()) % all;
        List<NodeInfo> feasible = new ArrayList<>(Math.min(wanted, all));
        for (int i = 0; i < all && feasible.size() < wanted; i++) {
            NodeInfo node = feasibleByIndex.get(i);
            if (node != null) {
                feasible.add(node);
            }
        }
        return feasible;
    }

    /** Upstream's {@code numFeasibleNodesToFind}. */
    int numFeasibleNodesToFind(int allNodes) {
        if (allNodes < MIN_FEASIBLE_NODES_TO_FIND || percentageOfNodesToScore >= 100) {
            return allNodes;
        }
        int percentage = percentageOfNodesToScore;
        if (percentage <= 0) {
            percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - allNodes / 125);
        }
        return Math.max(MIN_FEASIBLE_NODES_TO_FIND, allNodes * percentage / 100);
    }

    private long[] score(SchedulingFramework framework, CycleState state, Pod pod, List<NodeInfo> feasible) {
        List<WeightedScorePlugin> plugins = framework.activeScorePlugins(state);
        long[] totals = new long[feasible.size()];
        if (plugins.isEmpty()) {
            return totals;
        }
        long[][] raw = new long[plugins.size()][feasible.size()];
        parallel.until(feasible.size(), i -> {
            NodeInfo node = feasible.get(i);
            for (int p = 0; p < plugins.size(); p++) {
                raw[p][i] = plugins.get(p).plugin().score(state, pod, node);
            }
            return true;
        });
        for (int p = 0; p < plugins.size(); p++) {
            ScorePlugin plugin = plugins.get(p).plugin();
            List<NodeScore> scores = new ArrayList<>(feasible.size());
            for (int i = 0; i < feasible.size(); i++) {
                scores.add(new NodeScore(feasible.get(i).name(), raw[p][i]));
            }
            plugin.normalizeScores(state, pod, scores);
            int weight = plugins.get(p).weight();
            for (int i = 0; i < feasible.size(); i++) {
                long value = scores.get(i).score();
                if (value < ScorePlugin.MIN_NODE_SCORE || value > ScorePlugin.MAX_NODE_SCORE) {
                    throw new IllegalStateException("plugin " + plugin.name() + " returned an invalid score " + value
                            + " for node " + scores.get(i).nodeName());
                }
                totals[i] += value * weight;
            }
        }
        return totals;
    }

    /** The index of the highest total; among equal totals one at random (reservoir sampling, as upstream). */
    static int selectHost(long[] totals) {
        int chosen = 0;
        int ties = 1;
        for (int i = 1; i < totals.length; i++) {
            if (totals[i] > totals[chosen]) {
                chosen = i;
                ties = 1;
            } else if (totals[i] == totals[chosen]) {
                ties++;
                if (ThreadLocalRandom.current().nextInt(ties) == 0) {
                    chosen = i;
                }
            }
        }
        return chosen;
    }

}
