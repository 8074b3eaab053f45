package dev.capstan.scheduling;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * What the framework offers plugins beyond their arguments: the cycle's snapshot, running the profile's
 * filters (preemption simulates nodes without victims), waiting pods for Permit, and the cluster client.
 */
public interface FrameworkHandle {

    /** The snapshot of the current scheduling cycle. */
    Snapshot snapshot();

    /** The client plugins use to reach the cluster (always through the API). */
    KubernetesClient client();

    /** The PodDisruptionBudgets of the cluster, from the scheduler's informer cache; do not modify. */
    List<PodDisruptionBudget> podDisruptionBudgets();

    /** Runs the profile's PreFilter plugins' {@link PreFilterPlugin#addPod} hooks on {@code state}. */
    Status runPreFilterAddPod(CycleState state, Pod podToSchedule, PodInfo added, NodeInfo node);

    /** Runs the profile's PreFilter plugins' {@link PreFilterPlugin#removePod} hooks on {@code state}. */
    Status runPreFilterRemovePod(CycleState state, Pod podToSchedule, PodInfo removed, NodeInfo node);

    /** Runs every Filter plugin of the profile on one node; the first rejection wins. */
    Status runFilters(CycleState state, Pod pod, NodeInfo node);

    /** Lets a pod waiting in Permit proceed (for the named plugin's wait). */
    void allow(String podKey, String pluginName);

    /** Rejects a pod waiting in Permit: it goes back to the queue as unschedulable. */
    void reject(String podKey, String pluginName, String message);
}
