package dev.capstan.api.web;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.security.UserInfo;
import tools.jackson.databind.node.ObjectNode;

/**
 * A check of an object about to be created or updated that needs to know who writes it (RBAC's escalation
 * prevention); it throws an ApiException to refuse. Called after decoding (and, for a patch, after patching),
 * before the store runs the kind's strategy.
 */
@FunctionalInterface
public interface WriteCheck {

    WriteCheck NONE = (user, def, namespace, object, old) -> { };

    /**
     * @param user the requesting user (anonymous when none was authenticated)
     * @param namespace the namespace of the URL, or null
     * @param old the stored object of an update when the caller has it, else null
     */
    void check(UserInfo user, ResourceDefinition def, String namespace, ObjectNode object, ObjectNode old);
}
