package dev.capstan.node.server;

/**
 * What a request to the kubelet's port asks for, in the terms of a SubjectAccessReview on the Node object: the
 * verb from the HTTP method and the {@code nodes} subresource from the path, as upstream's kubelet maps them
 * ({@code /stats} -> stats, {@code /metrics} -> metrics, {@code /logs} -> log, anything else -> proxy). So an
 * operator grants Prometheus {@code nodes/metrics} without also granting exec ({@code nodes/proxy}).
 */
public record KubeletRequestAttributes(String verb, String subresource) {

    public static KubeletRequestAttributes of(String method, String path) {
        return new KubeletRequestAttributes(verb(method), subresource(path));
    }

    private static String verb(String method) {
        return switch (method) {
            case "POST" -> "create";
            case "GET", "HEAD" -> "get";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "";
        };
    }

    private static String subresource(String path) {
        if (isUnder(path, "/stats")) {
            return "stats";
        }
        if (isUnder(path, "/metrics")) {
            return "metrics";
        }
        if (isUnder(path, "/logs")) {
            return "log";
        }
        return "proxy";
    }

    /** The path itself or below it: {@code /metrics/cadvisor} is under {@code /metrics}, {@code /metricsfoo} is not. */
    private static boolean isUnder(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
