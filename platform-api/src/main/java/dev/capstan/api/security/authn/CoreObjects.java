package dev.capstan.api.security.authn;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.registry.ObjectStore;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the core objects authentication depends on (Secrets, ServiceAccounts, Pods) from the store, off the event
 * loop: the store's reads block. Empty when the object does not exist.
 */
public final class CoreObjects {

    private final ObjectStore store;
    private final ResourceRegistry registry;

    public CoreObjects(ObjectStore store, ResourceRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    public Mono<ObjectNode> get(String plural, String namespace, String name) {
        ResourceDefinition def = definition(plural);
        return Mono.fromCallable(() -> {
            try {
                return store.get(def, namespace, name);
            } catch (ApiException e) {
                if (e.code() == 404) {
                    return null;
                }
                throw e;
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    public ResourceDefinition definition(String plural) {
        return registry.find("", "v1", plural).orElseThrow(() -> new IllegalStateException("no core kind " + plural));
    }
}
