package dev.capstan.api.security.node;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The part of upstream's node graph the Node authorizer needs, computed on demand: what the pods bound to a node
 * reference (Secrets, ConfigMaps, PersistentVolumeClaims and their volumes, ServiceAccounts).
 */
public final class NodeGraph {

    public enum Kind { SECRET, CONFIGMAP, PVC, PV, SERVICE_ACCOUNT }

    /** Reads a PersistentVolumeClaim, or null. */
    @FunctionalInterface
    public interface ClaimLookup {
        ObjectNode claim(String namespace, String name);
    }

    private NodeGraph() {
    }

    /** Whether a pod on the node references the object (a PV: through a referenced claim bound to it). */
    public static boolean referenced(List<ObjectNode> pods, ClaimLookup claims, Kind kind, String namespace, String name) {
        for (ObjectNode pod : pods) {
            String podNamespace = NodeAuthorizer.text(pod.path("metadata").path("namespace"));
            if (kind == Kind.PV) {
                for (String claim : claims(pod)) {
                    ObjectNode pvc = claims.claim(podNamespace, claim);
                    if (pvc != null && name.equals(NodeAuthorizer.text(pvc.path("spec").path("volumeName")))) {
                        return true;
                    }
                }
                continue;
            }
            if (!podNamespace.equals(namespace)) {
                continue;
            }
            List<String> names = switch (kind) {
                case SECRET -> secrets(pod);
                case CONFIGMAP -> configMaps(pod);
                case PVC -> claims(pod);
                case SERVICE_ACCOUNT -> List.of(serviceAccount(pod));
                default -> List.of();
            };
            if (names.contains(name)) {
                return true;
            }
        }
        return false;
    }

    static String serviceAccount(JsonNode pod) {
        String name = NodeAuthorizer.text(pod.path("spec").path("serviceAccountName"));
        return name.isEmpty() ? "default" : name;
    }

    static List<String> secrets(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        java.util.List<String> names = new java.util.ArrayList<>();
        for (JsonNode ref : spec.path("imagePullSecrets")) {
            add(names, ref.path("name"));
        }
        for (JsonNode volume : spec.path("volumes")) {
            add(names, volume.path("secret").path("secretName"));
            for (JsonNode source : volume.path("projected").path("sources")) {
                add(names, source.path("secret").path("name"));
            }
            add(names, volume.path("csi").path("nodePublishSecretRef").path("name"));
            add(names, volume.path("azureFile").path("secretName"));
            for (String plugin : List.of("cephfs", "cinder", "flexVolume", "iscsi", "rbd", "scaleIO", "storageos")) {
                add(names, volume.path(plugin).path("secretRef").path("name"));
            }
        }
        forEachContainer(spec, container -> {
            for (JsonNode env : container.path("env")) {
                add(names, env.path("valueFrom").path("secretKeyRef").path("name"));
            }
            for (JsonNode from : container.path("envFrom")) {
                add(names, from.path("secretRef").path("name"));
            }
        });
        return names;
    }

    static List<String> configMaps(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        java.util.List<String> names = new java.util.ArrayList<>();
        for (JsonNode volume : spec.path("volumes")) {
            add(names, volume.path("configMap").path("name"));
            for (JsonNode source : volume.path("projected").path("sources")) {
                add(names, source.path("configMap").path("name"));
            }
        }
        forEachContainer(spec, container -> {
            for (JsonNode env : container.path("env")) {
                add(names, env.path("valueFrom").path("configMapKeyRef").path("name"));
            }
            for (JsonNode from : container.path("envFrom")) {
                add(names, from.path("configMapRef").path("name"));
            }
        });
        return names;
    }

    /** The claims a pod uses, including the generated claims of ephemeral volumes ({pod}-{volume}). */
    static List<String> claims(JsonNode pod) {
        java.util.List<String> names = new java.util.ArrayList<>();
        String podName = NodeAuthorizer.text(pod.path("metadata").path("name"));
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            add(names, volume.path("persistentVolumeClaim").path("claimName"));
            if (volume.has("ephemeral")) {
                names.add(podName + "-" + NodeAuthorizer.text(volume.path("name")));
            }
        }
        return names;
    }

    private static void forEachContainer(JsonNode spec, java.util.function.Consumer<JsonNode> action) {
        for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (JsonNode container : spec.path(field)) {
                action.accept(container);
            }
        }
    }

    private static void add(List<String> names, JsonNode value) {
        String text = NodeAuthorizer.text(value);
        if (!text.isEmpty()) {
            names.add(text);
        }
    }
}
