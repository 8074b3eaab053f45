package dev.capstan.scheduling;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/**
 * Runs when no node passed the filters, e.g. preemption: it may make room and nominate a node. The pod is
 * still reported unschedulable for this cycle; it is retried when the victims are gone.
 */
public interface PostFilterPlugin extends Plugin {

    /**
     * @param nodeStatuses why each node was rejected, by node name
     * @param handle access to the snapshot, the filters and the cluster
     * @return the nominated node name on success; {@code null} node name with an UNSCHEDULABLE status otherwise
     */
    PostFilterResult postFilter(CycleState state, Pod pod, Map<String, Status> nodeStatuses, FrameworkHandle handle);

    /**
     * @param nominatedNodeName the node room was made on, or null
     * @param status success when a node was nominated
     */
    record PostFilterResult(String nominatedNodeName, Status status) {
    }
}
