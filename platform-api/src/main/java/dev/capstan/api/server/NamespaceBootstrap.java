package dev.capstan.api.server;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.registry.WriteOptions;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Creates the namespaces every cluster has (default, kube-system, kube-public, kube-node-lease) if missing. */
public final class NamespaceBootstrap {

    public static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private NamespaceBootstrap() {
    }

    public static void ensure(ObjectStore store, ResourceRegistry registry) {
        ResourceDefinition namespaces = registry.find("", "v1", "namespaces").orElseThrow();
        for (String name : SYSTEM_NAMESPACES) {
            ObjectNode ns = Json.object();
            ns.putObject("metadata").put("name", name);
            try {
                store.create(namespaces, null, ns, WriteOptions.defaults());
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
    }
}
