package dev.capstan.api.security.rbac;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.security.RequestAttributes;
import java.util.List;

/** The 403 of a refused request, worded as upstream's responsewriters.Forbidden and errors.NewForbidden. */
public final class ForbiddenErrors {

    private ForbiddenErrors() {
    }

    /** Upstream's forbiddenMessage: what the user may not do. */
    public static String forbiddenMessage(RequestAttributes a) {
        String user = a.user() == null ? "" : a.user().name();
        if (!a.resourceRequest()) {
            return "User \"" + user + "\" cannot " + a.verb() + " path \"" + a.path() + "\"";
        }
        String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
        if (!a.namespace().isEmpty()) {
            return "User \"" + user + "\" cannot " + a.verb() + " resource \"" + resource + "\" in API group \""
                    + a.apiGroup() + "\" in the namespace \"" + a.namespace() + "\"";
        }
        return "User \"" + user + "\" cannot " + a.verb() + " resource \"" + resource + "\" in API group \""
                + a.apiGroup() + "\" at the cluster scope";
    }

    /** The refusal of a request, with the authorizers' reason appended when there is one. */
    public static ApiException forbidden(RequestAttributes a, String reason) {
        String message = forbiddenMessage(a);
        if (reason != null && !reason.isEmpty()) {
            message = message + ": " + reason;
        }
        if (!a.resourceRequest()) {
            return forbidden("", "", "", message);
        }
        return forbidden(a.apiGroup(), a.resource(), a.name(), message);
    }

    /** Upstream's NewForbidden(groupResource, name, err). */
    public static ApiException forbidden(String group, String resource, String name, String error) {
        String message;
        String qualified = group.isEmpty() ? resource : resource + "." + group;
        if (qualified.isEmpty()) {
            message = "forbidden: " + error;
        } else if (name == null || name.isEmpty()) {
            message = qualified + " is forbidden: " + error;
        } else {
            message = qualified + " \"" + name + "\" is forbidden: " + error;
        }
        return new ApiException(403, "Forbidden", message,
                new ApiException.Details(name == null || name.isEmpty() ? null : name, group, resource, List.of(), null));
    }
}
