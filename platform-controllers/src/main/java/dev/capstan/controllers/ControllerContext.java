package dev.capstan.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What the controller manager gives controllers: the client (writes go through the API), listers over the
 * process's shared informers (one list + watch per kind, however many controllers read it) and event
 * recorders. Ask for listers in the constructor: informers are created when first asked for and started,
 * all together, when the manager starts.
 */
public interface ControllerContext {

    KubernetesClient client();

    <T extends HasMetadata> Lister<T> lister(Class<T> type);

    /** An event recorder reporting as {@code component} (upstream: e.g. {@code replicaset-controller}). */
    EventRecorder events(String component);
}
