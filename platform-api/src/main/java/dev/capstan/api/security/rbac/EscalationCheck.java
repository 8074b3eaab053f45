package dev.capstan.api.security.rbac;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.registry.Meta;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.security.Authorizer;
import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import dev.capstan.api.web.WriteCheck;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's RBAC escalation prevention (the policy-based rbac registry): a Role or ClusterRole may only be written
 * by a user who holds every permission it grants (or may {@code escalate} it), a binding only by a user who holds
 * every permission of the role it references (or may {@code bind} it). system:masters may do anything.
 */
public final class EscalationCheck implements WriteCheck {

    public static final String GROUP = "rbac.authorization.k8s.io";
    private static final List<PolicyRule> FULL_AUTHORITY = List.of(
            PolicyRule.resource(List.of("*"), List.of("*"), List.of("*")),
            PolicyRule.nonResource(List.of("*"), List.of("*")));

    private final RbacAuthorizer rbac;
    private final Authorizer authorizer;
    private final ObjectStore store;

    /**
     * @param rbac resolves the rules a user holds
     * @param authorizer the whole chain, asked whether the user may escalate or bind
     * @param store reads the stored object of a PUT (a change of nothing but metadata needs no check); may be null
     */
    public EscalationCheck(RbacAuthorizer rbac, Authorizer authorizer, ObjectStore store) {
        this.rbac = rbac;
        this.authorizer = authorizer;
        this.store = store;
    }

    @Override
    public void check(UserInfo user, ResourceDefinition def, String namespace, ObjectNode object, ObjectNode old) {
        if (!GROUP.equals(def.group())) {
            return;
        }
        UserInfo who = user == null ? UserInfo.anonymous() : user;
        String ns = def.namespaced() ? (namespace != null ? namespace : Meta.namespace(object)) : "";
        ns = ns == null ? "" : ns;
        String name = Meta.name(object);
        switch (def.plural()) {
            case "roles", "clusterroles" -> checkRole(who, def, ns, name, object, old);
            case "rolebindings", "clusterrolebindings" -> checkBinding(who, def, ns, name, object, old);
            default -> {
            }
        }
    }

    private void checkRole(UserInfo user, ResourceDefinition def, String ns, String name, ObjectNode role, ObjectNode old) {
        if (escalationAllowed(user) || unchanged(def, ns, name, role, old, "rules", "aggregationRule")) {
            return;
        }
        if (allowed(user, "escalate", def.plural(), ns, name)) {
            return;
        }
        confirmNoEscalation(user, def, ns, name, PolicyRule.listOf(role));
        JsonNode aggregation = role.get("aggregationRule");
        if ("clusterroles".equals(def.plural()) && aggregation != null && aggregation.isObject()
                && !RuleMatching.uncovered(rbac.rulesFor(user, ns), FULL_AUTHORITY).isEmpty()) {
            throw ForbiddenErrors.forbidden(GROUP, def.plural(), name,
                    "must have cluster-admin privileges to use the aggregationRule");
        }
    }

    private void checkBinding(UserInfo user, ResourceDefinition def, String ns, String name, ObjectNode binding,
                              ObjectNode old) {
        if (escalationAllowed(user) || unchanged(def, ns, name, binding, old, "roleRef", "subjects")) {
            return;
        }
        JsonNode roleRef = binding.path("roleRef");
        String refResource = "ClusterRole".equals(roleRef.path("kind").asString()) ? "clusterroles" : "roles";
        if (allowed(user, "bind", refResource, ns, roleRef.path("name").asString())) {
            return;
        }
        List<PolicyRule> rules = rbac.roleReferenceRules(roleRef, ns.isEmpty() ? null : ns);
        if (rules == null) {
            throw ForbiddenErrors.forbidden(GROUP, def.plural(), name, refResource + "." + GROUP + " \""
                    + roleRef.path("name").asString() + "\" not found");
        }
        confirmNoEscalation(user, def, ns, name, rules);
    }

    private void confirmNoEscalation(UserInfo user, ResourceDefinition def, String ns, String name, List<PolicyRule> rules) {
        List<PolicyRule> missing = RuleMatching.uncovered(rbac.rulesFor(user, ns), rules);
        if (missing.isEmpty()) {
            return;
        }
        TreeSet<String> descriptions = new TreeSet<>();
        RuleMatching.compact(missing).forEach(rule -> descriptions.add(rule.compactString()));
        throw ForbiddenErrors.forbidden(GROUP, def.plural(), name, "user \"" + user.name() + "\" (groups="
                + PolicyRule.quoted(user.groups()) + ") is attempting to grant RBAC permissions not currently held:\n"
                + String.join("\n", descriptions));
    }

    /** Upstream's EscalationAllowed: the privileged group. */
    static boolean escalationAllowed(UserInfo user) {
        return user.inGroup(UserInfo.MASTERS_GROUP);
    }

    private boolean allowed(UserInfo user, String verb, String resource, String ns, String name) {
        RequestAttributes attributes = RequestAttributes.resource(user, verb, GROUP, "*", resource, "", ns, name);
        return AuthorizerChain.allowed(authorizer.authorize(attributes));
    }

    /** An update that leaves what grants permissions alone (e.g. only metadata) grants nothing new. */
    private boolean unchanged(ResourceDefinition def, String ns, String name, ObjectNode object, ObjectNode old,
                              String... fields) {
        ObjectNode stored = old;
        if (stored == null) {
            if (store == null || name == null) {
                return false;
            }
            try {
                stored = store.get(def, def.namespaced() ? ns : null, name);
            } catch (ApiException e) {
                return false; // a create (or the object is gone): check it
            }
        }
        for (String field : fields) {
            JsonNode a = object.get(field);
            JsonNode b = stored.get(field);
            if (!(a == null || a.isNull() ? b == null || b.isNull() : a.equals(b))) {
                return false;
            }
        }
        return labels(object).equals(labels(stored));
    }

    private static JsonNode labels(ObjectNode object) {
        return object.path("metadata").path("labels");
    }
}
