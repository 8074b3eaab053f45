package dev.capstan.api.openapi;

import java.util.Set;

/**
 * One served kind, as far as the OpenAPI documents need to know it.
 *
 * @param group the API group, "" for the core group
 * @param version the version, e.g. "v1"
 * @param kind the kind, e.g. "Pod"
 * @param plural the resource name in URLs, e.g. "pods"
 * @param namespaced whether objects live in a namespace
 * @param javaType the Fabric8 model class whose Jackson properties become the schema
 * @param verbs the verbs served, e.g. "get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"
 * @param subresources the subresources served, e.g. "status", "scale", "binding", "eviction", "log"
 */
public record ApiKind(String group, String version, String kind, String plural, boolean namespaced, Class<?> javaType,
        Set<String> verbs, Set<String> subresources) {

    public ApiKind {
        verbs = Set.copyOf(verbs);
        subresources = Set.copyOf(subresources);
    }

    /** The path of the group-version under {@code /openapi/v3/}: "api/v1" or "apis/apps/v1". */
    public String groupVersionPath() {
        return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
    }

    /** The URL prefix of the group-version: "/api/v1" or "/apis/apps/v1". */
    public String urlPrefix() {
        return "/" + groupVersionPath();
    }
}
