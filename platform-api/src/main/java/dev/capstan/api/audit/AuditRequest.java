package dev.capstan.api.audit;

import dev.capstan.api.security.UserInfo;

/**
 * What a policy rule looks at: the user and, for resource requests, the API group, resource, subresource,
 * namespace and name; for other requests the path.
 *
 * @param verb upstream's verb: get/list/watch/create/update/patch/delete/deletecollection, or the lower-case HTTP
 *        method of a non-resource request
 * @param resource null for a non-resource request
 */
public record AuditRequest(UserInfo user, String verb, String path, String group, String resource,
        String subresource, String namespace, String name) {

    public boolean isResourceRequest() {
        return resource != null;
    }
}
