package dev.capstan.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What a work queue holds: the namespace and name of an object (namespace empty for cluster-scoped kinds).
 * Controllers re-read the object by key when they process it, so a key stands for "look at this object
 * again", however many events led to it.
 */
public record ObjectKey(String namespace, String name) {

    public ObjectKey {
        namespace = namespace == null ? "" : namespace;
    }

    public static ObjectKey of(HasMetadata object) {
        return new ObjectKey(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /** Parses {@code namespace/name} or {@code name}. */
    public static ObjectKey parse(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? new ObjectKey("", key) : new ObjectKey(key.substring(0, slash), key.substring(slash + 1));
    }

    @Override
    public String toString() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
