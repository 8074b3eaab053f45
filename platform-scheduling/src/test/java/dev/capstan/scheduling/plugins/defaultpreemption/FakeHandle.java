package dev.capstan.scheduling.plugins.defaultpreemption;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.FrameworkHandle;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.PreFilterPlugin;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A framework of a snapshot and real plugins, without a cluster: enough to run preemption's simulation. */
final class FakeHandle implements FrameworkHandle {

    private final Snapshot snapshot;
    private final List<PreFilterPlugin> preFilters;
    private final List<FilterPlugin> filters;
    private final List<PodDisruptionBudget> pdbs;
    final AtomicInteger filterRuns = new AtomicInteger();

    FakeHandle(Snapshot snapshot, List<?> plugins, List<PodDisruptionBudget> pdbs) {
        this.snapshot = snapshot;
        this.preFilters = plugins.stream().filter(PreFilterPlugin.class::isInstance)
                .map(PreFilterPlugin.class::cast).toList();
        this.filters = plugins.stream().filter(FilterPlugin.class::isInstance).map(FilterPlugin.class::cast).toList();
        this.pdbs = pdbs;
    }

    /** The state after PreFilter, as the framework hands it to PostFilter. */
    CycleState preFilter(Pod pod) {
        CycleState state = new CycleState();
        for (PreFilterPlugin plugin : preFilters) {
            Status status = plugin.preFilter(state, pod, snapshot);
            if (!status.isSuccess()) {
                throw new IllegalStateException("PreFilter " + plugin.name() + ": " + status);
            }
        }
        return state;
    }

    /** Why each node rejects the pod, as the framework's filtering phase reports it. */
    Map<String, Status> filterAll(CycleState state, Pod pod) {
        Map<String, Status> statuses = new LinkedHashMap<>();
        for (NodeInfo node : snapshot.nodes()) {
            Status status = runFilters(state, pod, node);
            if (!status.isSuccess()) {
                statuses.put(node.name(), status);
            }
        }
        filterRuns.set(0);
        return statuses;
    }

    @Override
    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public KubernetesClient client() {
        throw new UnsupportedOperationException("no cluster in unit tests");
    }

    @Override
    public List<PodDisruptionBudget> podDisruptionBudgets() {
        return pdbs;
    }

    @Override
    public Status runPreFilterAddPod(CycleState state, Pod podToSchedule, PodInfo added, NodeInfo node) {
        for (PreFilterPlugin plugin : preFilters) {
            Status status = plugin.addPod(state, podToSchedule, added, node);
            if (!status.isSuccess()) {
                return Status.error("running AddPod on PreFilter plugin \"" + plugin.name() + "\": "
                        + status.message());
            }
        }
        return Status.success();
    }

    @Override
    public Status runPreFilterRemovePod(CycleState state, Pod podToSchedule, PodInfo removed, NodeInfo node) {
        for (PreFilterPlugin plugin : preFilters) {
            Status status = plugin.removePod(state, podToSchedule, removed, node);
            if (!status.isSuccess()) {
                return Status.error("running RemovePod on PreFilter plugin \"" + plugin.name() + "\": "
                        + status.message());
            }
        }
        return Status.success();
    }

    @Override
    public Status runFilters(CycleState state, Pod pod, NodeInfo node) {
        filterRuns.incrementAndGet();
        for (FilterPlugin plugin : filters) {
            Status status = plugin.filter(state, pod, node);
            if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        return Status.success();
    }

    @Override
    public void allow(String podKey, String pluginName) {
    }

    @Override
    public void reject(String podKey, String pluginName, String message) {
    }
}
