package dev.capstan.scheduling.framework;

import dev.capstan.scheduling.ScorePlugin;

/**
 * A score plugin with its weight in a profile.
 *
 * @param plugin the plugin
 * @param weight the profile's multiplier for its normalized score
 */
public record WeightedScorePlugin(ScorePlugin plugin, int weight) {
}
