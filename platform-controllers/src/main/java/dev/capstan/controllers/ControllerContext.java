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

    /**
     * This context with {@link #client()} acting as the ServiceAccount {@code kube-system/<serviceAccount>}
     * (upstream's {@code --use-service-account-credentials}): the bootstrap policy binds it to the ClusterRole
     * {@code system:controller:<serviceAccount>}, so a controller can write only what its job needs. Listers and
     * events stay shared. A context without per-controller credentials (tests, or the option off) returns itself.
     */
    default ControllerContext withIdentity(String serviceAccount) {
        return this;
    }
}
