package dev.capstan.node.server;

import java.util.Optional;

/**
 * How the kubelet's streaming endpoints find the runtime objects behind a pod: the kubelet owns the mapping
 * from (namespace, pod, container) to CRI ids, this server only asks. Implementations must be thread-safe and
 * should answer from memory (they are called on request threads, though never on a Netty event loop).
 */
public interface PodContainers {

    /**
     * The CRI id of the pod's container with that name: the current attempt, or with {@code previous} the
     * attempt before it (upstream: restart count minus one). Empty when the pod, the container or the
     * previous attempt is unknown to this node.
     */
    Optional<String> containerId(String namespace, String pod, String container, boolean previous);

    /** The CRI id of the pod's (ready or not) sandbox; empty when this node runs no sandbox for the pod. */
    Optional<String> sandboxId(String namespace, String pod);
}
