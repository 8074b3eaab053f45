package dev.capstan.api.errors;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.validation.FieldError;
import dev.capstan.api.validation.InvalidMessage;
import java.util.List;

/** The API's failures, worded as upstream's {@code k8s.io/apimachinery/pkg/api/errors} words them. */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static ApiException notFound(ResourceDefinition def, String name) {
        return new ApiException(404, "NotFound", def.qualifiedResource() + " \"" + name + "\" not found",
                ApiException.Details.of(name, def.group(), def.plural()));
    }

    public static ApiException namespaceNotFound(String namespace) {
        return new ApiException(404, "NotFound", "namespaces \"" + namespace + "\" not found",
                ApiException.Details.of(namespace, "", "namespaces"));
    }

    public static ApiException alreadyExists(ResourceDefinition def, String name) {
        return new ApiException(409, "AlreadyExists", def.qualifiedResource() + " \"" + name + "\" already exists",
                ApiException.Details.of(name, def.group(), def.plural()));
    }

    /** The optimistic-concurrency conflict of an update with a stale resourceVersion. */
    public static ApiException conflict(ResourceDefinition def, String name) {
        return conflict(def, name, "the object has been modified; please apply your changes to the latest version and try again");
    }

    public static ApiException conflict(ResourceDefinition def, String name, String why) {
        return new ApiException(409, "Conflict",
                "Operation cannot be fulfilled on " + def.qualifiedResource() + " \"" + name + "\": " + why,
                ApiException.Details.of(name, def.group(), def.plural()));
    }

    /** 422 with one cause per field error; the message lists them as upstream's NewInvalid does. */
    public static ApiException invalid(ResourceDefinition def, String name, List<FieldError> errors) {
        return invalid(def.group(), def.kind(), name, errors);
    }

    /** 422 for an object that is not a stored kind, e.g. a request's {@code ListOptions} (group meta.k8s.io). */
    public static ApiException invalid(String group, String kind, String name, List<FieldError> errors) {
        List<ApiException.Cause> causes = errors.stream()
                .map(e -> new ApiException.Cause(e.type(), e.body(), e.field()))
                .toList();
        return new ApiException(422, "Invalid", InvalidMessage.of(group, kind, name, errors),
                new ApiException.Details(name, group, kind, causes, null));
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null);
    }

    /** 410 Gone: a resourceVersion or continue token older than the retained history. */
    public static ApiException expired(String message) {
        return new ApiException(410, "Expired", message, null);
    }

    public static ApiException methodNotSupported(ResourceDefinition def, String verb) {
        return new ApiException(405, "MethodNotAllowed",
                verb + " is not supported on resources of kind \"" + def.qualifiedResource() + "\"",
                ApiException.Details.of(null, def.group(), def.plural()));
    }

    public static ApiException namespaceTerminating(ResourceDefinition def, String name, String namespace) {
        ApiException.Cause cause = new ApiException.Cause("NamespaceTerminating",
                "namespace " + namespace + " is being terminated", "metadata.namespace");
        return new ApiException(403, "Forbidden", def.qualifiedResource() + " \"" + name + "\" is forbidden: "
                + "unable to create new content in namespace " + namespace + " because it is being terminated",
                new ApiException.Details(name, def.group(), def.plural(), List.of(cause), null));
    }

    public static ApiException tooManyRequests() {
        return new ApiException(429, "TooManyRequests", "Too many requests, please try again later.",
                new ApiException.Details(null, null, null, List.of(), 1));
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "ServiceUnavailable", message, null);
    }

    public static ApiException tooLarge(long limit) {
        return new ApiException(413, "RequestEntityTooLarge", "Request entity too large: limit is " + limit, null);
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                + "accepted media types include: application/json, application/yaml", null);
    }

    public static ApiException notAcceptable(String accept) {
        return new ApiException(406, "NotAcceptable",
                "only the following media types are accepted: application/json, application/yaml", null);
    }

    public static ApiException timeout(String message) {
        return new ApiException(504, "Timeout", message, null);
    }

    public static ApiException internal(String message) {
        return new ApiException(500, "InternalError", "Internal error occurred: " + message, null);
    }

    /** A 404 for a URL that names no served resource. */
    public static ApiException noSuchPath(String path) {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", null);
    }
}
