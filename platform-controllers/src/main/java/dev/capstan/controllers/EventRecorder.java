package dev.capstan.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Records Events about objects, as upstream's recorder: {@code Normal}/{@code Warning} with upstream's
 * reasons ({@code SuccessfulCreate}, {@code ScalingReplicaSet}, {@code SuccessfulDelete}, ...). Writes happen
 * off the caller's thread and may be dropped under overload; they never fail the caller.
 */
public interface EventRecorder {

    void normal(HasMetadata object, String reason, String message);

    void warning(HasMetadata object, String reason, String message);
}
