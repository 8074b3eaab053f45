package dev.capstan.api.security.rbac;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The RBAC objects the authorizer reads (rbac/v1 JSON trees; callers must not change them). */
public interface PolicySource {

    List<ObjectNode> clusterRoleBindings();

    /** The RoleBindings of one namespace. */
    List<ObjectNode> roleBindings(String namespace);

    /** A ClusterRole, or null. */
    ObjectNode clusterRole(String name);

    /** A Role, or null. */
    ObjectNode role(String namespace, String name);
}
