package dev.capstan.api.security.rbac;

import dev.capstan.api.registry.Meta;
import dev.capstan.api.security.Authorizer;
import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's RBAC authorizer: a request is allowed when a rule of a role bound to the user allows it, looking at
 * ClusterRoleBindings first and then the RoleBindings of the request's namespace. RBAC never denies: without a
 * matching rule it has no opinion (the reason names roles that could not be resolved).
 */
public final class RbacAuthorizer implements Authorizer {

    private final PolicySource policy;

    public RbacAuthorizer(PolicySource policy) {
        this.policy = policy;
    }

    /** What one binding grants to a user: its rules, how to describe it, and any resolution error. */
    public interface RuleVisitor {
        /** Returns false to stop visiting. */
        boolean visit(String source, List<PolicyRule> rules, String error);
    }

    @Override
    public Decision authorize(RequestAttributes attributes) {
        String[] allowedBy = new String[1];
        List<String> errors = new ArrayList<>();
        visitRulesFor(attributes.user(), attributes.namespace(), (source, rules, error) -> {
            if (error != null) {
                errors.add(error);
                return true;
            }
            for (PolicyRule rule : rules) {
                if (RuleMatching.allows(attributes, rule)) {
                    allowedBy[0] = source;
                    return false;
                }
            }
            return true;
        });
        if (allowedBy[0] != null) {
            return Decision.allow("RBAC: allowed by " + allowedBy[0]);
        }
        String reason = "";
        if (!errors.isEmpty()) {
            reason = "RBAC: " + (errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        }
        return Decision.noOpinion(reason);
    }

    /** Every rule that applies to the user in the namespace ("" for cluster-wide rules only), as upstream's RulesFor. */
    public List<PolicyRule> rulesFor(UserInfo user, String namespace) {
        List<PolicyRule> all = new ArrayList<>();
        visitRulesFor(user, namespace, (source, rules, error) -> {
            if (rules != null) {
                all.addAll(rules);
            }
            return true;
        });
        return all;
    }

    /** The rules of a binding's roleRef in the binding's namespace (null for a ClusterRoleBinding); null when missing. */
    public List<PolicyRule> roleReferenceRules(JsonNode roleRef, String namespace) {
        String kind = roleRef.path("kind").asString();
        String name = roleRef.path("name").asString();
        ObjectNode role = "ClusterRole".equals(kind) ? policy.clusterRole(name)
                : "Role".equals(kind) && namespace != null ? policy.role(namespace, name) : null;
        return role == null ? null : PolicyRule.listOf(role);
    }

    public void visitRulesFor(UserInfo user, String namespace, RuleVisitor visitor) {
        for (ObjectNode binding : policy.clusterRoleBindings()) {
            String subject = appliesTo(user, binding.get("subjects"), "");
            if (subject == null) {
                continue;
            }
            JsonNode roleRef = binding.path("roleRef");
            String source = "ClusterRoleBinding \"" + Meta.name(binding) + "\" of " + roleRef.path("kind").asString()
                    + " \"" + roleRef.path("name").asString() + "\" to " + subject;
            if (!visit(visitor, source, roleRef, null)) {
                return;
            }
        }
        if (namespace == null || namespace.isEmpty()) {
            return;
        }
        for (ObjectNode binding : policy.roleBindings(namespace)) {
            String subject = appliesTo(user, binding.get("subjects"), namespace);
            if (subject == null) {
                continue;
            }
            JsonNode roleRef = binding.path("roleRef");
            String source = "RoleBinding \"" + Meta.name(binding) + "/" + namespace + "\" of "
                    + roleRef.path("kind").asString() + " \"" + roleRef.path("name").asString() + "\" to " + subject;
            if (!visit(visitor, source, roleRef, namespace)) {
                return;
            }
        }
    }

    private boolean visit(RuleVisitor visitor, String source, JsonNode roleRef, String namespace) {
        List<PolicyRule> rules = roleReferenceRules(roleRef, namespace);
        if (rules == null) {
            String kind = roleRef.path("kind").asString();
            String resource = "ClusterRole".equals(kind) ? "clusterrole" : "role";
            return visitor.visit(source, null,
                    resource + ".rbac.authorization.k8s.io \"" + roleRef.path("name").asString() + "\" not found");
        }
        return visitor.visit(source, rules, null);
    }

    /** The description of the first subject that is the user (e.g. {@code User "bob"}), or null. */
    static String appliesTo(UserInfo user, JsonNode subjects, String bindingNamespace) {
        if (subjects == null || !subjects.isArray()) {
            return null;
        }
        for (JsonNode subject : subjects) {
            String kind = subject.path("kind").asString();
            String name = subject.path("name").asString();
            switch (kind) {
                case "User" -> {
                    if (user.name().equals(name)) {
                        return "User \"" + name + "\"";
                    }
                }
                case "Group" -> {
                    if (user.inGroup(name)) {
                        return "Group \"" + name + "\"";
                    }
                }
                case "ServiceAccount" -> {
                    String ns = subject.path("namespace").asString("");
                    if (ns.isEmpty()) {
                        ns = bindingNamespace;
                    }
                    if (!ns.isEmpty() && user.name().equals("system:serviceaccount:" + ns + ":" + name)) {
                        return "ServiceAccount \"" + name + "/" + ns + "\"";
                    }
                }
                default -> {
                }
            }
        }
        return null;
    }
}
