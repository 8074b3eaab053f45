package dev.capstan.api.security.node;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.registry.Meta;
import dev.capstan.api.security.UserInfo;
import dev.capstan.api.web.WriteCheck;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Node object part of upstream's NodeRestriction admission plugin, which completes the Node authorizer: the
 * authorizer lets a node write Node objects, and this refuses a node writing any Node but its own
 * ({@code node "n1" is not allowed to modify node "n2"}).
 */
public final class NodeRestriction implements WriteCheck {

    @Override
    public void check(UserInfo user, ResourceDefinition def, String namespace, ObjectNode object, ObjectNode old) {
        String node = NodeAuthorizer.nodeName(user);
        if (node == null || node.isEmpty() || !def.group().isEmpty() || !"nodes".equals(def.plural())) {
            return;
        }
        String name = Meta.name(object);
        if (name != null && !name.equals(node)) {
            throw new ApiException(403, "Forbidden", "nodes \"" + name + "\" is forbidden: node \"" + node
                    + "\" is not allowed to modify node \"" + name + "\"",
                    new ApiException.Details(name, "", "nodes", List.of(), null));
        }
    }
}
