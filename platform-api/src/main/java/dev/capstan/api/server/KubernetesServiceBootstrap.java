package dev.capstan.api.server;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.registry.WriteOptions;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code default/kubernetes} Service every cluster has (upstream's bootstrap controller): cluster IP the
 * service range's first address, port 443 named {@code https}, so in-cluster clients find the API by DNS or
 * {@code KUBERNETES_SERVICE_HOST}. Its Endpoints, the live API servers, are {@link ApiServerEndpoints}' job.
 */
public final class KubernetesServiceBootstrap {

    private static final int CREATE_ATTEMPTS = 50;

    private KubernetesServiceBootstrap() {
    }

    public static void ensure(ObjectStore store, ResourceRegistry registry, int port) {
        ResourceDefinition services = registry.find("", "v1", "services").orElseThrow();
        ObjectNode service = Json.object();
        ObjectNode metadata = service.putObject("metadata");
        metadata.put("name", "kubernetes");
        metadata.putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
        ObjectNode spec = service.putObject("spec");
        spec.put("type", "ClusterIP");
        spec.put("clusterIP", store.kubernetesServiceIp());
        spec.put("sessionAffinity", "None");
        spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP").put("targetPort", port);
        createService(store, services, service);
    }

    /**
     * Creates the Service unless it exists. Several API servers on one store start at once: while another one's
     * create is in flight, its claim on the address is there but the Service not yet (422 "already allocated"), or
     * the Service is there already (409). Either way, look again until it exists.
     */
    private static void createService(ObjectStore store, ResourceDefinition services, ObjectNode service) {
        for (int attempt = 1; !exists(store, services); attempt++) {
            try {
                store.create(services, "default", service.deepCopy(), WriteOptions.defaults());
                return;
            } catch (ApiException e) {
                if ((e.code() != 409 && e.code() != 422) || attempt >= CREATE_ATTEMPTS) {
                    throw e;
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the kubernetes Service", e);
        }
    }

    private static boolean exists(ObjectStore store, ResourceDefinition def) {
        try {
            store.get(def, "default", "kubernetes");
            return true;
        } catch (ApiException e) {
            if (e.code() == 404) {
                return false;
            }
            throw e;
        }
    }

}
