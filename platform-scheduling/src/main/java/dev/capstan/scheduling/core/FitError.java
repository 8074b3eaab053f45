package dev.capstan.scheduling.core;

import dev.capstan.scheduling.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a pod fits no node, with upstream's message: {@code 0/3 nodes are available: 1 node(s) had untolerated
 * taint {dedicated: infra}, 2 Insufficient cpu. preemption: ...}. Reasons are counted over nodes and sorted
 * as upstream's {@code sortReasonsHistogram} does (by the "count reason" string).
 *
 * @param numAllNodes nodes in the snapshot
 * @param nodeStatuses the rejection of each node
 * @param preFilterMessage set when a PreFilter rejected the pod for every node
 * @param postFilterMessage what preemption said, appended after the reasons
 */
public record FitError(int numAllNodes, Map<String, Status> nodeStatuses, String preFilterMessage, String postFilterMessage) {

    /** Upstream's message for an empty cluster. */
    public static final String NO_NODES = "no nodes available to schedule pods";

    public FitError withPostFilterMessage(String message) {
        return new FitError(numAllNodes, nodeStatuses, preFilterMessage, message);
    }

    /** The message shown in the PodScheduled condition and the FailedScheduling Event. */
    public String message() {
        if (numAllNodes == 0) {
            return NO_NODES; // upstream's ErrNoNodesAvailable, without the "0/0" prefix
        }
        StringBuilder message = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
        if (preFilterMessage != null && !preFilterMessage.isEmpty()) {
            message.append(' ').append(preFilterMessage).append('.');
        } else {
            message.append(' ').append(String.join(", ", histogram(nodeStatuses))).append('.');
        }
        if (postFilterMessage != null && !postFilterMessage.isEmpty()) {
            message.append(' ').append(postFilterMessage);
        }
        return message.toString();
    }

    /** "count reason" strings, sorted, for a set of node statuses (also used by preemption). */
    public static List<String> histogram(Map<String, Status> statuses) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Status status : statuses.values()) {
            for (String reason : status.reasons()) {
                counts.merge(reason, 1, Integer::sum);
            }
        }
        List<String> lines = new ArrayList<>();
        counts.forEach((reason, count) -> lines.add(count + " " + reason));
        lines.sort(null);
        return lines;
    }
}
