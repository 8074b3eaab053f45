package dev.capstan.api.security.node;

import dev.capstan.api.security.Authorizer;
import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import dev.capstan.api.security.rbac.PolicyRule;
import dev.capstan.api.security.rbac.RuleMatching;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's Node authorizer, for kubelets (users {@code system:node:<name>} in group {@code system:nodes}): a node
 * may read only the Secrets, ConfigMaps, PersistentVolumeClaims (and their PersistentVolumes) that pods bound to it
 * reference, create tokens only for those pods' ServiceAccounts, and use only its own Lease in kube-node-lease;
 * everything else is judged against the system:node role's rules. Other users: no opinion.
 */
public final class NodeAuthorizer implements Authorizer {

    public static final String NODES_GROUP = "system:nodes";
    public static final String NODE_USER_PREFIX = "system:node:";
    static final String NODE_LEASE_NAMESPACE = "kube-node-lease";

    private final Function<String, List<ObjectNode>> podsOnNode;
    private final NodeGraph.ClaimLookup claims;
    private final List<PolicyRule> nodeRules;

    /**
     * @param podsOnNode the pods whose spec.nodeName is the given node
     * @param claims reads a PersistentVolumeClaim (for the volume it is bound to)
     * @param nodeRules the rules of the system:node ClusterRole
     */
    public NodeAuthorizer(Function<String, List<ObjectNode>> podsOnNode, NodeGraph.ClaimLookup claims,
                          List<PolicyRule> nodeRules) {
        this.podsOnNode = podsOnNode;
        this.claims = claims;
        this.nodeRules = List.copyOf(nodeRules);
    }

    /** The node name of a node user, "" for a node user without one, null for anyone else (upstream's NodeIdentity). */
    public static String nodeName(UserInfo user) {
        if (user == null || !user.inGroup(NODES_GROUP) || !user.name().startsWith(NODE_USER_PREFIX)) {
            return null;
        }
        return user.name().substring(NODE_USER_PREFIX.length());
    }

    @Override
    public Decision authorize(RequestAttributes a) {
        String node = nodeName(a.user());
        if (node == null) {
            return Decision.noOpinion("");
        }
        if (node.isEmpty()) {
            return Decision.noOpinion("unknown node for user \"" + a.user().name() + "\"");
        }
        if (a.resourceRequest() && a.apiGroup().isEmpty()) {
            switch (a.resource()) {
                case "secrets" -> {
                    return readNamespaced(node, a, NodeGraph.Kind.SECRET);
                }
                case "configmaps" -> {
                    return readNamespaced(node, a, NodeGraph.Kind.CONFIGMAP);
                }
                case "persistentvolumeclaims" -> {
                    if ("status".equals(a.subresource())) {
                        return statusUpdate(node, a, NodeGraph.Kind.PVC);
                    }
                    return get(node, a, NodeGraph.Kind.PVC);
                }
                case "persistentvolumes" -> {
                    return get(node, a, NodeGraph.Kind.PV);
                }
                case "serviceaccounts" -> {
                    return createToken(node, a);
                }
                default -> {
                }
            }
        }
        if (a.resourceRequest() && "coordination.k8s.io".equals(a.apiGroup()) && "leases".equals(a.resource())) {
            return lease(node, a);
        }
        if (RuleMatching.allowsAny(a, nodeRules)) {
            return Decision.allow("");
        }
        return Decision.noOpinion("");
    }

    private Decision readNamespaced(String node, RequestAttributes a, NodeGraph.Kind kind) {
        if (!List.of("get", "list", "watch").contains(a.verb())) {
            return Decision.noOpinion("can only read resources of this type");
        }
        if (!a.subresource().isEmpty()) {
            return Decision.noOpinion("cannot read subresource");
        }
        if (a.namespace().isEmpty()) {
            return Decision.noOpinion("can only read namespaced object of this type");
        }
        return related(node, a, kind);
    }

    private Decision get(String node, RequestAttributes a, NodeGraph.Kind kind) {
        if (!"get".equals(a.verb())) {
            return Decision.noOpinion("can only get individual resources of this type");
        }
        if (!a.subresource().isEmpty()) {
            return Decision.noOpinion("cannot get subresource");
        }
        return related(node, a, kind);
    }

    private Decision statusUpdate(String node, RequestAttributes a, NodeGraph.Kind kind) {
        if (!List.of("get", "update", "patch").contains(a.verb())) {
            return Decision.noOpinion("can only get, update, or patch status of this resource");
        }
        return related(node, a, kind);
    }

    private Decision createToken(String node, RequestAttributes a) {
        if (!"create".equals(a.verb()) || !"token".equals(a.subresource())) {
            return Decision.noOpinion("can only create tokens for individual service accounts");
        }
        return related(node, a, NodeGraph.Kind.SERVICE_ACCOUNT);
    }

    private Decision lease(String node, RequestAttributes a) {
        if (!List.of("get", "create", "update", "patch", "delete").contains(a.verb())) {
            return Decision.noOpinion("can only get, create, update, patch, or delete a node lease");
        }
        if (!NODE_LEASE_NAMESPACE.equals(a.namespace())) {
            return Decision.noOpinion("can only access leases in the \"" + NODE_LEASE_NAMESPACE + "\" system namespace");
        }
        // on create the name is in the body: the NodeRestriction admission step checks it
        if (!"create".equals(a.verb()) && !node.equals(a.name())) {
            return Decision.noOpinion("can only access node lease with the same name as the requesting node");
        }
        return Decision.allow("");
    }

    private Decision related(String node, RequestAttributes a, NodeGraph.Kind kind) {
        if (a.name().isEmpty()) {
            return Decision.noOpinion("No Object name found");
        }
        if (NodeGraph.referenced(podsOnNode.apply(node), claims, kind, a.namespace(), a.name())) {
            return Decision.allow("");
        }
        return Decision.noOpinion("no relationship found between node '" + node + "' and this object");
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "" : node.asString();
    }
}
