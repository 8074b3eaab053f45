package dev.capstan.api.security;

/**
 * What a request asks to do, as upstream's {@code authorizer.Attributes}: for resource requests the verb (get, list,
 * watch, create, update, patch, delete, deletecollection, or a special verb such as impersonate, bind, escalate),
 * API group and version, resource, subresource, namespace and name; for other requests the path and the HTTP verb
 * in lower case (get, post, put, ...).
 */
public record RequestAttributes(UserInfo user, String verb, boolean resourceRequest, String apiGroup, String apiVersion,
                                String resource, String subresource, String namespace, String name, String path) {

    public static RequestAttributes resource(UserInfo user, String verb, String apiGroup, String apiVersion, String resource,
                                             String subresource, String namespace, String name) {
        return new RequestAttributes(user, verb, true, apiGroup == null ? "" : apiGroup, apiVersion, resource,
                subresource == null ? "" : subresource, namespace == null ? "" : namespace, name == null ? "" : name, null);
    }

    public static RequestAttributes nonResource(UserInfo user, String verb, String path) {
        return new RequestAttributes(user, verb, false, "", "", "", "", "", "", path);
    }
}
