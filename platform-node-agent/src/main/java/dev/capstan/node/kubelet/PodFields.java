package dev.capstan.node.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The pod fields the downward API exposes ({@code fieldRef.fieldPath}), as upstream's {@code ExtractFieldPathAsString}. */
final class PodFields {

    private PodFields() {
    }

    static String value(Pod pod, String path, String podIp, String hostIp) {
        var meta = pod.getMetadata();
        switch (path) {
            case "metadata.name":
                return meta.getName();
            case "metadata.namespace":
                return meta.getNamespace();
            case "metadata.uid":
                return meta.getUid();
            case "metadata.labels":
                return formatMap(meta.getLabels());
            case "metadata.annotations":
                return formatMap(meta.getAnnotations());
            case "spec.nodeName":
                return pod.getSpec().getNodeName();
            case "spec.serviceAccountName":
                return pod.getSpec().getServiceAccountName();
            case "status.hostIP":
            case "status.hostIPs":
                return hostIp;
            case "status.podIP":
            case "status.podIPs":
                return podIp;
            default:
                break;
        }
        if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
            return lookup(meta.getLabels(), path.substring("metadata.labels['".length(), path.length() - 2));
        }
        if (path.startsWith("metadata.annotations['") && path.endsWith("']")) {
            return lookup(meta.getAnnotations(), path.substring("metadata.annotations['".length(), path.length() - 2));
        }
        throw new ConfigError("unsupported fieldPath: " + path);
    }

    private static String lookup(Map<String, String> map, String key) {
        return map == null ? "" : map.getOrDefault(key, "");
    }

    /** Upstream's {@code FormatMap}: sorted {@code key="value"} lines. */
    static String formatMap(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return "";
        }
        return new TreeMap<>(map).entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"")
                .collect(Collectors.joining("\n"));
    }
}
