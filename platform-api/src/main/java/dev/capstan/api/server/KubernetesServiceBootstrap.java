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
 * service range's first address, port 443 named {@code https}, and an Endpoints object of the same name
 * pointing at this API server's address and port, so in-cluster clients find the API by DNS or
 * {@code KUBERNETES_SERVICE_HOST}. The Endpoints are rewritten on every start (the port may change).
 */
public final class KubernetesServiceBootstrap {

    private KubernetesServiceBootstrap() {
    }

    public static void ensure(ObjectStore store, ResourceRegistry registry, String address, int port) {
        ResourceDefinition services = registry.find("", "v1", "services").orElseThrow();
        ResourceDefinition endpoints = registry.find("", "v1", "endpoints").orElseThrow();
        ObjectNode service = Json.object();
        ObjectNode metadata = service.putObject("metadata");
        metadata.put("name", "kubernetes");
        metadata.putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
        ObjectNode spec = service.putObject("spec");
        spec.put("type", "ClusterIP");
        spec.put("clusterIP", store.kubernetesServiceIp());
        spec.put("sessionAffinity", "None");
        spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP").put("targetPort", port);
        if (!exists(store, services)) {
            createIfMissing(store, services, service);
        }

        ObjectNode wanted = Json.object();
        ObjectNode epMeta = wanted.putObject("metadata");
        epMeta.put("name", "kubernetes");
        epMeta.putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
        ObjectNode subset = wanted.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", address);
        subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        try {
            store.get(endpoints, "default", "kubernetes");
            // unconditional replace: this server's address wins, as upstream's reconciler for its own endpoint
            store.update(endpoints, "default", "kubernetes", wanted, null, WriteOptions.defaults());
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
            createIfMissing(store, endpoints, wanted);
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

    private static void createIfMissing(ObjectStore store, ResourceDefinition def, ObjectNode object) {
        try {
            store.create(def, "default", object, WriteOptions.defaults());
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }
}
