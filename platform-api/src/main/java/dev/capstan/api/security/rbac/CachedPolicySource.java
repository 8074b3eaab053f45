package dev.capstan.api.security.rbac;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.registry.ListQuery;
import dev.capstan.api.watch.CachedObject;
import dev.capstan.api.watch.WatchCache;
import dev.capstan.api.watch.WatchCaches;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The RBAC objects from the API's watch caches, which follow the store's watch: a write is seen by the
 * authorizer as soon as the cache has its event (milliseconds), as upstream's RBAC authorizer reads informers.
 */
public final class CachedPolicySource implements PolicySource {

    private static final String GROUP = "rbac.authorization.k8s.io";

    private final WatchCache roles;
    private final WatchCache roleBindings;
    private final WatchCache clusterRoles;
    private final WatchCache clusterRoleBindings;

    public CachedPolicySource(WatchCaches caches, ResourceRegistry registry) {
        this.roles = caches.cache(definition(registry, "roles"));
        this.roleBindings = caches.cache(definition(registry, "rolebindings"));
        this.clusterRoles = caches.cache(definition(registry, "clusterroles"));
        this.clusterRoleBindings = caches.cache(definition(registry, "clusterrolebindings"));
    }

    static ResourceDefinition definition(ResourceRegistry registry, String plural) {
        return registry.find(GROUP, "v1", plural).orElseThrow();
    }

    @Override
    public List<ObjectNode> clusterRoleBindings() {
        return clusterRoleBindings.list(null, ListQuery.all()).items();
    }

    @Override
    public List<ObjectNode> roleBindings(String namespace) {
        return roleBindings.list(namespace, ListQuery.all()).items();
    }

    @Override
    public ObjectNode clusterRole(String name) {
        CachedObject object = clusterRoles.get(null, name);
        return object == null ? null : object.object();
    }

    @Override
    public ObjectNode role(String namespace, String name) {
        CachedObject object = roles.get(namespace, name);
        return object == null ? null : object.object();
    }

    /** Every ClusterRole (for aggregation). */
    public List<ObjectNode> clusterRoles() {
        return clusterRoles.list(null, ListQuery.all()).items();
    }
}
