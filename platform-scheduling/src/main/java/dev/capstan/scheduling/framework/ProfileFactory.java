package dev.capstan.scheduling.framework;

import dev.capstan.scheduling.BindPlugin;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.PermitPlugin;
import dev.capstan.scheduling.Plugin;
import dev.capstan.scheduling.PostFilterPlugin;
import dev.capstan.scheduling.PreBindPlugin;
import dev.capstan.scheduling.PreFilterPlugin;
import dev.capstan.scheduling.PreScorePlugin;
import dev.capstan.scheduling.ReservePlugin;
import dev.capstan.scheduling.ScorePlugin;
import dev.capstan.scheduling.framework.ProfileSpec.PluginRef;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Builds one {@link SchedulingFramework} per profile from the plugin beans: a plugin enabled by name takes
 * part in every extension point it implements (upstream's {@code multiPoint}), in the profile's order.
 */
public final class ProfileFactory {

    /** Upstream's default plugin set and score weights (kube-scheduler v1 defaults), in upstream's order. */
    public static final List<PluginRef> DEFAULT_PLUGINS = List.of(
            new PluginRef("NodeUnschedulable", 1),
            new PluginRef("NodeName", 1),
            new PluginRef("TaintToleration", 3),
            new PluginRef("NodeAffinity", 2),
            new PluginRef("NodePorts", 1),
            new PluginRef("NodeResourcesFit", 1),
            new PluginRef("PodTopologySpread", 2),
            new PluginRef("InterPodAffinity", 2),
            new PluginRef("DefaultPreemption", 1),
            new PluginRef("NodeResourcesBalancedAllocation", 1),
            new PluginRef("ImageLocality", 1),
            new PluginRef("DefaultBinder", 1));

    private final Map<String, Plugin> pluginsByName = new LinkedHashMap<>();
    private final KubernetesClient client;
    private final Supplier<List<PodDisruptionBudget>> budgets;

    public ProfileFactory(List<Plugin> plugins, KubernetesClient client, Supplier<List<PodDisruptionBudget>> budgets) {
        for (Plugin plugin : plugins) {
            Plugin previous = pluginsByName.put(plugin.name(), plugin);
            if (previous != null && previous != plugin) {
                throw new IllegalStateException("two scheduler plugins are named " + plugin.name() + ": "
                        + previous.getClass().getName() + " and " + plugin.getClass().getName());
            }
        }
        this.client = client;
        this.budgets = budgets;
    }

    /** The profiles configured, or the default profile when none is. */
    public List<SchedulingFramework> build(List<ProfileSpec> profiles) {
        List<ProfileSpec> effective = profiles.isEmpty() ? List.of(ProfileSpec.defaults()) : profiles;
        List<SchedulingFramework> frameworks = new ArrayList<>();
        for (ProfileSpec profile : effective) {
            frameworks.add(new SchedulingFramework(profile.schedulerName(), plugins(profile), client, budgets));
        }
        return frameworks;
    }

    private SchedulingFramework.Plugins plugins(ProfileSpec profile) {
        List<PluginRef> refs = new ArrayList<>(profile.plugins().isEmpty() ? DEFAULT_PLUGINS : profile.plugins());
        refs.removeIf(ref -> profile.disabled().contains(ref.name()));
        refs.addAll(profile.enabled());
        List<PreFilterPlugin> preFilter = new ArrayList<>();
        List<FilterPlugin> filter = new ArrayList<>();
        List<PostFilterPlugin> postFilter = new ArrayList<>();
        List<PreScorePlugin> preScore = new ArrayList<>();
        List<WeightedScorePlugin> score = new ArrayList<>();
        List<ReservePlugin> reserve = new ArrayList<>();
        List<PermitPlugin> permit = new ArrayList<>();
        List<PreBindPlugin> preBind = new ArrayList<>();
        List<BindPlugin> bind = new ArrayList<>();
        for (PluginRef ref : refs) {
            Plugin plugin = pluginsByName.get(ref.name());
            if (plugin == null) {
                throw new IllegalStateException("profile " + profile.schedulerName() + " enables unknown scheduler plugin "
                        + ref.name() + "; known plugins: " + new TreeSet<>(pluginsByName.keySet()));
            }
            addIf(plugin, PreFilterPlugin.class, preFilter);
            addIf(plugin, FilterPlugin.class, filter);
            addIf(plugin, PostFilterPlugin.class, postFilter);
            addIf(plugin, PreScorePlugin.class, preScore);
            if (plugin instanceof ScorePlugin scorePlugin) {
                score.add(new WeightedScorePlugin(scorePlugin, ref.weight()));
            }
            addIf(plugin, ReservePlugin.class, reserve);
            addIf(plugin, PermitPlugin.class, permit);
            addIf(plugin, PreBindPlugin.class, preBind);
            addIf(plugin, BindPlugin.class, bind);
        }
        if (bind.isEmpty()) {
            throw new IllegalStateException("profile " + profile.schedulerName() + " has no bind plugin");
        }
        return new SchedulingFramework.Plugins(List.copyOf(preFilter), List.copyOf(filter), List.copyOf(postFilter),
                List.copyOf(preScore), List.copyOf(score), List.copyOf(reserve), List.copyOf(permit),
                List.copyOf(preBind), List.copyOf(bind));
    }

    private static <T> void addIf(Plugin plugin, Class<T> type, List<T> into) {
        if (type.isInstance(plugin)) {
            into.add(type.cast(plugin));
        }
    }
}
