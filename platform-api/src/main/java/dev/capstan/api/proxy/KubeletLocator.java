package dev.capstan.api.proxy;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.registry.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds what a pod subresource request goes to: the pod, its container and its node's kubelet, with upstream's
 * errors for each way that can fail (pkg/registry/core/pod/strategy.go). Blocking: reads the store.
 */
final class KubeletLocator {

    /** Upstream's default kubelet port, for a node that reports none. */
    static final int DEFAULT_KUBELET_PORT = 10250;
    private static final List<String> ADDRESS_PREFERENCE = List.of("InternalIP", "Hostname", "InternalDNS",
            "ExternalIP", "ExternalDNS");

    private final ObjectStore store;
    private final ResourceDefinition pods;
    private final ResourceDefinition nodes;

    KubeletLocator(ObjectStore store, ResourceRegistry registry) {
        this.store = store;
        this.pods = registry.find("", "v1", "pods").orElseThrow();
        this.nodes = registry.find("", "v1", "nodes").orElseThrow();
    }

    ObjectNode pod(String namespace, String name) {
        return store.get(pods, namespace, name);
    }

    /** The pod's node name, or empty when the pod is not scheduled yet. */
    static Optional<String> nodeName(ObjectNode pod) {
        String node = pod.path("spec").path("nodeName").asString("");
        return node.isEmpty() ? Optional.empty() : Optional.of(node);
    }

    /** The node's kubelet; 404 if the node is gone, 400 if it reports no address to dial. */
    KubeletEndpoint kubelet(String nodeName) {
        ObjectNode node = store.get(nodes, null, nodeName);
        JsonNode status = node.path("status");
        int port = status.path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        for (String type : ADDRESS_PREFERENCE) {
            for (JsonNode address : status.path("addresses")) {
                if (type.equals(address.path("type").asString("")) && !address.path("address").asString("").isEmpty()) {
                    return new KubeletEndpoint(address.path("address").asString(), port > 0 ? port : DEFAULT_KUBELET_PORT);
                }
            }
        }
        throw ApiErrors.badRequest("no preferred addresses found; known addresses: []");
    }

    /**
     * The container a request names, or the pod's only one. The wording of the failures is upstream's: logs list
     * the init containers apart ({@code LogLocation}), exec and attach list every container
     * ({@code validateContainer}).
     */
    static String container(ObjectNode pod, String requested, boolean forLogs) {
        String name = pod.path("metadata").path("name").asString();
        List<String> containers = names(pod, "containers");
        List<String> init = names(pod, "initContainers");
        List<String> ephemeral = names(pod, "ephemeralContainers");
        if (requested == null || requested.isEmpty()) {
            if (containers.size() == 1) {
                return containers.get(0);
            }
            if (containers.isEmpty()) {
                throw ApiErrors.badRequest("a container name must be specified for pod " + name);
            }
            if (forLogs) {
                String message = "a container name must be specified for pod " + name + ", choose one of: "
                        + bracketed(containers);
                if (!init.isEmpty()) {
                    message += " or one of the init containers: " + bracketed(init);
                }
                throw ApiErrors.badRequest(message);
            }
            List<String> all = new ArrayList<>(init);
            all.addAll(containers);
            all.addAll(ephemeral);
            throw ApiErrors.badRequest("a container name must be specified for pod " + name + ", choose one of: "
                    + bracketed(all));
        }
        if (!containers.contains(requested) && !init.contains(requested) && !ephemeral.contains(requested)) {
            throw ApiErrors.badRequest("container " + requested + " is not valid for pod " + name);
        }
        return requested;
    }

    /** Go's %s of a []string. */
    private static String bracketed(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    private static List<String> names(ObjectNode pod, String field) {
        List<String> names = new ArrayList<>();
        for (JsonNode c : pod.path("spec").path(field)) {
            names.add(c.path("name").asString());
        }
        return names;
    }
}
