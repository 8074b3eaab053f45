package dev.capstan.scheduling;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Binds the pod to the node in the cluster. Bind plugins run in profile order until one does not return
 * {@link Status#skip()}; the default binder POSTs the {@code pods/binding} subresource.
 */
public interface BindPlugin extends Plugin {

    Status bind(CycleState state, Pod pod, String nodeName);
}
