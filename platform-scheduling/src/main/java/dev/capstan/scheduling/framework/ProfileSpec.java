package dev.capstan.scheduling.framework;

import java.util.List;

/**
 * Which plugins one scheduling profile runs (the framework's view of {@code capstan.scheduler.profiles[*]}).
 *
 * @param schedulerName the {@code spec.schedulerName} the profile serves
 * @param plugins when not empty, exactly these plugins in this order (replaces the defaults)
 * @param enabled plugins added after the defaults
 * @param disabled names of default plugins left out
 */
public record ProfileSpec(String schedulerName, List<PluginRef> plugins, List<PluginRef> enabled, List<String> disabled) {

    /** A plugin enabled in a profile with its score weight. */
    public record PluginRef(String name, int weight) {
    }

    /** The default profile: upstream's plugins for {@code default-scheduler}. */
    public static ProfileSpec defaults() {
        return new ProfileSpec("default-scheduler", List.of(), List.of(), List.of());
    }
}
