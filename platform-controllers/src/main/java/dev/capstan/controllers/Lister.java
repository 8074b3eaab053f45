package dev.capstan.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * Reads one kind from the process's shared informer cache. Objects returned are the cache's own: never
 * modify them, deep-copy first (e.g. with the Fabric8 builder: {@code new PodBuilder(pod).build()}).
 */
public interface Lister<T extends HasMetadata> {

    /** The object or null. {@code namespace} is ignored (may be null) for cluster-scoped kinds. */
    T get(String namespace, String name);

    default T get(ObjectKey key) {
        return get(key.namespace(), key.name());
    }

    /** Every object of the kind in the namespace (all namespaces when null). */
    List<T> list(String namespace);

    /** Objects in the namespace whose labels match all of {@code labels} (equality only). */
    List<T> list(String namespace, Map<String, String> labels);
}
