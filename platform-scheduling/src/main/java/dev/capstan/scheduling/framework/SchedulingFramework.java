package dev.capstan.scheduling.framework;

import dev.capstan.scheduling.BindPlugin;
import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.FrameworkHandle;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.PermitPlugin;
import dev.capstan.scheduling.PodInfo;
import dev.capstan.scheduling.PostFilterPlugin;
import dev.capstan.scheduling.PreBindPlugin;
import dev.capstan.scheduling.PreFilterPlugin;
import dev.capstan.scheduling.PreScorePlugin;
import dev.capstan.scheduling.ReservePlugin;
import dev.capstan.scheduling.Snapshot;
import dev.capstan.scheduling.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One profile's plugins by extension point and the code that runs them in order (upstream's
 * {@code frameworkImpl}). The scheduling cycle runs on one thread; {@link #runFilters} is called for many
 * nodes in parallel. Which plugins a profile has is decided by {@link ProfileFactory}.
 */
public final class SchedulingFramework implements FrameworkHandle {

    /** CycleState key under which the names of plugins whose PreFilter returned Skip are kept. */
    private static final String SKIPPED_FILTERS = "framework/skippedFilters";
    private static final String SKIPPED_SCORES = "framework/skippedScores";

    private final String schedulerName;
    private final Plugins plugins;
    private final KubernetesClient client;
    private final Supplier<List<PodDisruptionBudget>> budgets;
    private final WaitingPods waitingPods = new WaitingPods();
    private volatile Snapshot snapshot = new Snapshot(List.of());

    /** The plugins of a profile, each list in the profile's order. */
    public record Plugins(List<PreFilterPlugin> preFilter, List<FilterPlugin> filter, List<PostFilterPlugin> postFilter,
                          List<PreScorePlugin> preScore, List<WeightedScorePlugin> score, List<ReservePlugin> reserve,
                          List<PermitPlugin> permit, List<PreBindPlugin> preBind, List<BindPlugin> bind) {
    }

    public SchedulingFramework(String schedulerName, Plugins plugins, KubernetesClient client,
                               Supplier<List<PodDisruptionBudget>> budgets) {
        this.schedulerName = schedulerName;
        this.plugins = plugins;
        this.client = client;
        this.budgets = budgets;
    }

    public String schedulerName() {
        return schedulerName;
    }

    public Plugins plugins() {
        return plugins;
    }

    /** Sets the snapshot plugins see through {@link #snapshot()} for the cycle about to run. */
    public void beginCycle(Snapshot cycleSnapshot) {
        this.snapshot = cycleSnapshot;
    }

    @Override
    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public List<PodDisruptionBudget> podDisruptionBudgets() {
        return budgets.get();
    }

    /** Runs every PreFilter; the first non-success, non-skip status stops and is returned. */
    public Status runPreFilters(CycleState state, Pod pod, Snapshot cycleSnapshot) {
        Set<String> skipped = new HashSet<>();
        for (PreFilterPlugin plugin : plugins.preFilter()) {
            Status status = plugin.preFilter(state, pod, cycleSnapshot);
            if (status.isSkip()) {
                skipped.add(plugin.name());
            } else if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        state.write(SKIPPED_FILTERS, new NameSet(Set.copyOf(skipped)));
        return Status.success();
    }

    @Override
    public Status runFilters(CycleState state, Pod pod, NodeInfo node) {
        NameSet skipped = state.read(SKIPPED_FILTERS, NameSet.class);
        for (FilterPlugin plugin : plugins.filter()) {
            if (skipped != null && skipped.names().contains(plugin.name())) {
                continue;
            }
            Status status = plugin.filter(state, pod, node);
            if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        return Status.success();
    }

    @Override
    public Status runPreFilterAddPod(CycleState state, Pod podToSchedule, PodInfo added, NodeInfo node) {
        for (PreFilterPlugin plugin : plugins.preFilter()) {
            Status status = plugin.addPod(state, podToSchedule, added, node);
            if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        return Status.success();
    }

    @Override
    public Status runPreFilterRemovePod(CycleState state, Pod podToSchedule, PodInfo removed, NodeInfo node) {
        for (PreFilterPlugin plugin : plugins.preFilter()) {
            Status status = plugin.removePod(state, podToSchedule, removed, node);
            if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        return Status.success();
    }

    /** Runs PostFilter plugins until one succeeds (nominates a node); returns the last result otherwise. */
    public PostFilterPlugin.PostFilterResult runPostFilters(CycleState state, Pod pod, Map<String, Status> nodeStatuses) {
        PostFilterPlugin.PostFilterResult result = new PostFilterPlugin.PostFilterResult(null, Status.unschedulable());
        for (PostFilterPlugin plugin : plugins.postFilter()) {
            result = plugin.postFilter(state, pod, nodeStatuses, this);
            if (result.status().isSuccess() || result.status().code() == Status.Code.ERROR) {
                return result;
            }
        }
        return result;
    }

    /** Runs every PreScore; plugins returning Skip are not asked to score. */
    public Status runPreScores(CycleState state, Pod pod, List<NodeInfo> feasible) {
        Set<String> skipped = new HashSet<>();
        for (PreScorePlugin plugin : plugins.preScore()) {
            Status status = plugin.preScore(state, pod, feasible);
            if (status.isSkip()) {
                skipped.add(plugin.name());
            } else if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        state.write(SKIPPED_SCORES, new NameSet(Set.copyOf(skipped)));
        return Status.success();
    }

    /** The score plugins not skipped in this cycle's PreScore. */
    public List<WeightedScorePlugin> activeScorePlugins(CycleState state) {
        NameSet skipped = state.read(SKIPPED_SCORES, NameSet.class);
        if (skipped == null || skipped.names().isEmpty()) {
            return plugins.score();
        }
        return plugins.score().stream().filter(p -> !skipped.names().contains(p.plugin().name())).toList();
    }

    /** Runs Reserve plugins in order; on a failure the caller must call {@link #runUnreserve}. */
    public Status runReserve(CycleState state, Pod pod, String nodeName) {
        for (ReservePlugin plugin : plugins.reserve()) {
            Status status = plugin.reserve(state, pod, nodeName);
            if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        return Status.success();
    }

    /** Runs Unreserve in reverse order, as upstream. */
    public void runUnreserve(CycleState state, Pod pod, String nodeName) {
        List<ReservePlugin> reserve = plugins.reserve();
        for (int i = reserve.size() - 1; i >= 0; i--) {
            reserve.get(i).unreserve(state, pod, nodeName);
        }
    }

    /**
     * Runs Permit plugins; WAIT results register the pod in {@link WaitingPods} with the longest timeout.
     * Returns SUCCESS, WAIT or a rejection.
     */
    public PermitPlugin.PermitResult runPermit(CycleState state, Pod pod, String nodeName) {
        Set<String> waitingFor = new HashSet<>();
        Duration timeout = Duration.ZERO;
        for (PermitPlugin plugin : plugins.permit()) {
            PermitPlugin.PermitResult result = plugin.permit(state, pod, nodeName);
            if (result.status().code() == Status.Code.WAIT) {
                waitingFor.add(plugin.name());
                timeout = result.timeout().compareTo(timeout) > 0 ? result.timeout() : timeout;
            } else if (!result.status().isSuccess()) {
                return new PermitPlugin.PermitResult(result.status().withPlugin(plugin.name()), Duration.ZERO);
            }
        }
        if (waitingFor.isEmpty()) {
            return PermitPlugin.PermitResult.allow();
        }
        waitingPods.add(PodInfo.keyOf(pod), waitingFor);
        return PermitPlugin.PermitResult.waitFor(timeout);
    }

    /** Blocks the binding cycle until a waiting pod is allowed, rejected or timed out. */
    public Status waitOnPermit(Pod pod, Duration timeout) {
        return waitingPods.await(PodInfo.keyOf(pod), timeout);
    }

    public Status runPreBind(CycleState state, Pod pod, String nodeName) {
        for (PreBindPlugin plugin : plugins.preBind()) {
            Status status = plugin.preBind(state, pod, nodeName);
            if (!status.isSuccess()) {
                return status.withPlugin(plugin.name());
            }
        }
        return Status.success();
    }

    /** Runs Bind plugins until one does not skip. */
    public Status runBind(CycleState state, Pod pod, String nodeName) {
        for (BindPlugin plugin : plugins.bind()) {
            Status status = plugin.bind(state, pod, nodeName);
            if (!status.isSkip()) {
                return status.withPlugin(plugin.name());
            }
        }
        return Status.error("no bind plugin bound the pod");
    }

    @Override
    public void allow(String podKey, String pluginName) {
        waitingPods.allow(podKey, pluginName);
    }

    @Override
    public void reject(String podKey, String pluginName, String message) {
        waitingPods.reject(podKey, pluginName, message);
    }

    /** A set of plugin names kept in the cycle state; immutable, so copying shares it. */
    private record NameSet(Set<String> names) implements CycleState.Data {
        @Override
        public CycleState.Data copy() {
            return this;
        }
    }
}
