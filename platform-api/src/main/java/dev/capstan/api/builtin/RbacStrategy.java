package dev.capstan.api.builtin;

import dev.capstan.api.ResourceStrategy;
import dev.capstan.api.validation.FieldError;
import dev.capstan.api.validation.NameRule;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Roles, ClusterRoles and their bindings: names are path segments (upstream's ValidateRBACName, e.g.
 * "system:node"), and a binding's roleRef never changes (delete and recreate the binding instead).
 */
final class RbacStrategy implements ResourceStrategy {

    @Override
    public NameRule nameRule() {
        return NameRule.PATH_SEGMENT;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>(validate(object));
        JsonNode roleRef = object.get("roleRef");
        if (old.has("roleRef") && (roleRef == null || !roleRef.equals(old.get("roleRef")))) {
            errors.add(FieldError.invalid("roleRef", roleRef, "cannot change roleRef"));
        }
        return errors;
    }
}
