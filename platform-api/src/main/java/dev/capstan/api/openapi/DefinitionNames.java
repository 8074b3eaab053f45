package dev.capstan.api.openapi;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Names definitions like upstream ({@code io.k8s.api.core.v1.PodSpec}) from the Fabric8 package and class name.
 * Fabric8 puts core/v1 and meta/v1 types in one package and leaves the version out of a few packages, hence the
 * tables. A class whose upstream-like name is already taken by another class keeps its Java name, so two
 * definitions never collide silently.
 */
final class DefinitionNames {

    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1";

    /** The apimachinery meta/v1 types that Fabric8 keeps next to the core/v1 ones. */
    private static final Set<String> META_TYPES = Set.of("APIGroup", "APIGroupList", "APIResource",
            "APIResourceList", "APIVersions", "Condition", "CreateOptions", "DeleteOptions", "FieldsV1",
            "GetOptions", "GroupVersionForDiscovery", "LabelSelector", "LabelSelectorRequirement", "ListMeta",
            "ListOptions", "ManagedFieldsEntry", "MicroTime", "ObjectMeta", "OwnerReference", "PartialObjectMetadata",
            "PartialObjectMetadataList", "Patch", "PatchOptions", "Preconditions", "RootPaths",
            "ServerAddressByClientCIDR", "Status", "StatusCause", "StatusDetails", "Table", "TableColumnDefinition",
            "TableRow", "Time", "TypeMeta", "UpdateOptions", "WatchEvent");

    /** Fabric8 packages without a version segment, and the upstream package each stands for. */
    private static final Map<String, String> PACKAGES = Map.of(
            "apps", "io.k8s.api.apps.v1",
            "rbac", "io.k8s.api.rbac.v1",
            "storage", "io.k8s.api.storage.v1",
            "authentication", "io.k8s.api.authentication.v1",
            "extensions", "io.k8s.api.extensions.v1beta1",
            "runtime", "io.k8s.apimachinery.pkg.runtime",
            "version", "io.k8s.apimachinery.pkg.version");

    private final Map<String, Class<?>> owners = new HashMap<>();
    private final Map<Class<?>, String> names = new HashMap<>();

    /** The definition name of a class; the same class always gets the same name, different classes never share one. */
    String nameOf(Class<?> type) {
        String known = names.get(type);
        if (known != null) {
            return known;
        }
        String name = upstreamName(type);
        Class<?> owner = owners.putIfAbsent(name, type);
        if (owner != null && owner != type) {
            name = type.getName().replace('$', '.');
            owners.put(name, type);
        }
        names.put(type, name);
        return name;
    }

    private static String upstreamName(Class<?> type) {
        String pkg = type.getPackageName();
        String simple = type.getName().substring(pkg.length() + 1).replace('$', '.');
        if (pkg.equals(FABRIC8)) {
            return (META_TYPES.contains(simple) ? META : "io.k8s.api.core.v1") + "." + simple;
        }
        if (!pkg.startsWith(FABRIC8 + ".")) {
            return pkg + "." + simple;
        }
        String rest = pkg.substring(FABRIC8.length() + 1);
        String mapped = PACKAGES.get(rest);
        if (mapped != null) {
            return mapped + "." + simple;
        }
        if (rest.startsWith("apiextensions.")) {
            return "io.k8s.apiextensions-apiserver.pkg.apis." + rest + "." + simple;
        }
        return "io.k8s.api." + rest + "." + simple;
    }
}
