package dev.capstan.api.security.rbac;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.registry.ListQuery;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.security.Authorizer;
import dev.capstan.api.security.node.NodeAuthorizer;
import dev.capstan.api.security.node.NodeRestriction;
import dev.capstan.api.watch.CachedObject;
import dev.capstan.api.watch.WatchCache;
import dev.capstan.api.watch.WatchCaches;
import dev.capstan.api.web.WriteCheck;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Authorization as upstream's {@code --authorization-mode=Node,RBAC}: the authorizer chain (system:masters, Node,
 * RBAC), the filter that refuses what it does not allow, RBAC's escalation prevention on writes, the bootstrap
 * policy, ClusterRole aggregation, and the access review endpoints.
 */
@Configuration(proxyBeanMethods = false)
public class RbacConfiguration {

    @Bean
    public CachedPolicySource rbacPolicySource(WatchCaches caches, ResourceRegistry registry) {
        return new CachedPolicySource(caches, registry);
    }

    @Bean
    public RbacAuthorizer rbacAuthorizer(CachedPolicySource policy) {
        return new RbacAuthorizer(policy);
    }

    @Bean
    public NodeAuthorizer nodeAuthorizer(WatchCaches caches, ResourceRegistry registry) {
        WatchCache pods = caches.cache(registry.find("", "v1", "pods").orElseThrow());
        WatchCache claims = caches.cache(registry.find("", "v1", "persistentvolumeclaims").orElseThrow());
        return new NodeAuthorizer(
                node -> pods.list(null, new ListQuery(null, "spec.nodeName=" + node, 0, null, null, null)).items(),
                (namespace, name) -> {
                    CachedObject claim = claims.get(namespace, name);
                    return claim == null ? null : claim.object();
                },
                BootstrapPolicy.clusterRoleRules("system:node"));
    }

    /** The authorizer every check uses (impersonation, reviews, escalation): masters, then Node, then RBAC. */
    @Bean
    @Primary
    public Authorizer authorizer(NodeAuthorizer node, RbacAuthorizer rbac) {
        return new AuthorizerChain(List.of(node, rbac));
    }

    @Bean
    public AuthorizationFilter authorizationFilter(Authorizer authorizer) {
        return new AuthorizationFilter(authorizer);
    }

    @Bean
    public WriteCheck rbacWriteCheck(RbacAuthorizer rbac, Authorizer authorizer, ObjectStore store) {
        EscalationCheck escalation = new EscalationCheck(rbac, authorizer, store);
        NodeRestriction nodeRestriction = new NodeRestriction();
        return (user, def, namespace, object, old) -> {
            nodeRestriction.check(user, def, namespace, object, old);
            escalation.check(user, def, namespace, object, old);
        };
    }

    /** The bootstrap policy is reconciled before the server takes requests; aggregation then follows every change. */
    @Bean(destroyMethod = "close")
    public ClusterRoleAggregator clusterRoleAggregator(ObjectStore store, ResourceRegistry registry, WatchCaches caches) {
        ResourceDefinition clusterRoles = CachedPolicySource.definition(registry, "clusterroles");
        BootstrapPolicy.ensure(store, clusterRoles, CachedPolicySource.definition(registry, "clusterrolebindings"));
        ClusterRoleAggregator aggregator = new ClusterRoleAggregator(store, clusterRoles, caches.cache(clusterRoles));
        aggregator.start();
        return aggregator;
    }

    @Bean
    @Order(-10)
    public RouterFunction<ServerResponse> accessReviewRoutes(Authorizer authorizer, RbacAuthorizer rbac,
                                                             ResourceRegistry registry) {
        registry.registerDiscoveryOnly(AccessReviews.GROUP, "v1", AccessReviews.discovery());
        return new AccessReviews(authorizer, rbac).routes();
    }
}
