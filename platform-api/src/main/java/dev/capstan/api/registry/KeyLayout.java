package dev.capstan.api.registry;

import dev.capstan.api.ResourceDefinition;
import java.util.Set;

/**
 * Where objects live in the store, upstream's etcd layout: {@code /registry/<resource>/<namespace>/<name>} for
 * the core group and the groups upstream stores unprefixed, {@code /registry/<group>/<resource>/...} for the
 * other groups (as upstream stores custom resources). Cluster-scoped objects have no namespace segment.
 */
public final class KeyLayout {

    public static final String ROOT = "/registry/";

    /** Groups whose resources upstream stores under the bare resource name. */
    private static final Set<String> UNPREFIXED = Set.of("", "apps", "batch", "coordination.k8s.io",
            "discovery.k8s.io", "networking.k8s.io", "policy", "scheduling.k8s.io", "rbac.authorization.k8s.io");

    private KeyLayout() {
    }

    /** The prefix of every object of a kind, with a trailing slash. */
    public static String resourcePrefix(ResourceDefinition def) {
        // events.k8s.io Events get their own prefix: they are not converted to and from core/v1 Events (yet)
        boolean prefixed = !UNPREFIXED.contains(def.group());
        return ROOT + (prefixed ? def.group() + "/" : "") + def.plural() + "/";
    }

    /** The prefix of a kind's objects in one namespace (or all of them when namespace is null/empty). */
    public static String prefix(ResourceDefinition def, String namespace) {
        if (!def.namespaced() || namespace == null || namespace.isEmpty()) {
            return resourcePrefix(def);
        }
        return resourcePrefix(def) + namespace + "/";
    }

    public static String key(ResourceDefinition def, String namespace, String name) {
        return def.namespaced() ? resourcePrefix(def) + namespace + "/" + name : resourcePrefix(def) + name;
    }
}
