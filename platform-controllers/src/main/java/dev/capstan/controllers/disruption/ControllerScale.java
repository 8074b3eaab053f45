package dev.capstan.controllers.disruption;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Optional;

/** A pod controller's identity and desired replicas (upstream {@code controllerAndScale}). */
public record ControllerScale(String uid, int replicas) {

    /** One of upstream's finders: the scale of the controller a pod's controllerRef names, if this finder knows the kind. */
    @FunctionalInterface
    public interface Finder {
        Optional<ControllerScale> find(OwnerReference controllerRef, String namespace);
    }
}
