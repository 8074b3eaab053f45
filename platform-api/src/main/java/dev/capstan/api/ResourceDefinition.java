package dev.capstan.api;

import java.util.List;
import java.util.Set;

/**
 * A served kind, as data: everything the generic handler, discovery and OpenAPI need to know about it. Per-kind
 * behaviour lives in its {@link ResourceStrategy}.
 *
 * @param group the API group, "" for the core group
 * @param version the version, e.g. "v1"
 * @param kind the kind, e.g. "Pod"
 * @param plural the resource name in URLs, e.g. "pods"
 * @param singular the singular name, e.g. "pod"
 * @param shortNames kubectl's short names, e.g. "po"
 * @param namespaced whether objects live in a namespace
 * @param subresources the subresources served, e.g. "status", "scale", "binding", "eviction"
 * @param categories discovery categories, e.g. "all"
 * @param javaType the Fabric8 model class of the kind (schema, unknown-field detection)
 * @param strategy the kind's behaviour
 */
public record ResourceDefinition(String group, String version, String kind, String plural, String singular,
        List<String> shortNames, boolean namespaced, Set<String> subresources, List<String> categories,
        Class<?> javaType, ResourceStrategy strategy) {

    /** The verbs of every served kind (discovery lists them; kubectl decides what it may do from them). */
    public static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** "v1" for the core group, "apps/v1" otherwise: the {@code apiVersion} of objects. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The kind of the list object, e.g. "PodList". */
    public String listKind() {
        return kind + "List";
    }

    /** The resource as upstream names it in messages and Status details: "pods" or "deployments.apps". */
    public String qualifiedResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    public boolean hasSubresource(String name) {
        return subresources.contains(name);
    }
}
