package dev.capstan.api.openapi;

import java.util.List;

/**
 * One HTTP operation on a path, neutral between Swagger 2.0 and OpenAPI 3.0; the renderers turn it into either.
 *
 * @param method the lower-case HTTP method, e.g. "get"
 * @param action the {@code x-kubernetes-action}, e.g. "list", "post", "patch", "connect"
 * @param operationId an upstream-like operation id, e.g. "listCoreV1NamespacedPod"
 * @param gvk the group, version and kind the operation is about, or null (logs, exec)
 * @param params the query parameters of the operation (path parameters live on the path)
 * @param bodyDefinition the definition name of the request body, or null for none
 * @param bodyRequired whether the request body is required
 * @param patchBody whether the body is a patch (then it is described by content types, not a kind)
 * @param responseDefinition the definition name of the 200 response, or null for a plain-text response
 */
record Operation(String method, String action, String operationId, Gvk gvk, List<Param> params,
        String bodyDefinition, boolean bodyRequired, boolean patchBody, String responseDefinition) {

    /** Group, version and kind, written as upstream's {@code x-kubernetes-group-version-kind} object. */
    record Gvk(String group, String version, String kind) {
    }
}
