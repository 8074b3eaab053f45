package dev.capstan.controllers.runtime;

import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.Lister;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The {@link ControllerContext} of the controller manager: its client, shared informers and event writer. */
public final class DefaultControllerContext implements ControllerContext {

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final ClusterEventRecorder events;

    public DefaultControllerContext(KubernetesClient client, SharedInformers informers, ClusterEventRecorder events) {
        this.client = client;
        this.informers = informers;
        this.events = events;
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public <T extends HasMetadata> Lister<T> lister(Class<T> type) {
        return informers.lister(type);
    }

    @Override
    public EventRecorder events(String component) {
        return events.forComponent(component);
    }
}
