package dev.capstan.scheduling;

/**
 * A scheduler plugin: a Spring bean with a name. It implements one or more extension-point interfaces
 * ({@link FilterPlugin}, {@link ScorePlugin}, ...); a profile in {@code capstan.scheduler.profiles} enables it
 * by {@link #name()}. Plugins are shared by all scheduling cycles and may be called from several threads at
 * once: keep per-pod state in the {@link CycleState}, not in fields.
 */
public interface Plugin {

    /** The name profiles refer to, upstream's where one exists (e.g. {@code NodeResourcesFit}). */
    String name();
}
