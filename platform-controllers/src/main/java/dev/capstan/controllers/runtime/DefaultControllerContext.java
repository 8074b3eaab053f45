package dev.capstan.controllers.runtime;

import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.EventRecorder;
import dev.capstan.controllers.Lister;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The {@link ControllerContext} of the controller manager: its client, shared informers and event writer, and per
 * controller the client of the controller's own ServiceAccount.
 */
public final class DefaultControllerContext implements ControllerContext {

    private final KubernetesClient client;
    private final SharedInformers informers;
    private final ClusterEventRecorder events;
    private final ServiceAccountClients accounts;

    /** @param accounts per-controller clients; null: every controller acts with {@code client}'s identity */
    public DefaultControllerContext(KubernetesClient client, SharedInformers informers, ClusterEventRecorder events,
                                    ServiceAccountClients accounts) {
        this.client = client;
        this.informers = informers;
        this.events = events;
        this.accounts = accounts;
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

    @Override
    public ControllerContext withIdentity(String serviceAccount) {
        if (accounts == null) {
            return this;
        }
        return new DefaultControllerContext(accounts.clientFor(serviceAccount), informers, events, null);
    }
}
