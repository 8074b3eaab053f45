package dev.capstan.api.security.rbac;

import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import dev.capstan.api.web.RequestInfo;
import java.util.Locale;
import java.util.function.Function;

/**
 * Turns an HTTP request into what it asks to do, as upstream's RequestInfoFactory: a URL naming a resource is a
 * resource request whose verb comes from the method (GET: get, or list / watch without a name; POST: create; PUT:
 * update; PATCH: patch; DELETE: delete, or deletecollection without a name); any other URL (discovery, /version,
 * /healthz) is a non-resource request whose verb is the lower-case method.
 */
public final class RequestAttributesFactory {

    private RequestAttributesFactory() {
    }

    /**
     * @param query a request's query parameter by name (null when absent)
     */
    public static RequestAttributes of(UserInfo user, String method, String path, Function<String, String> query) {
        RequestInfo info = RequestInfo.parse(path);
        String lowerMethod = method.toLowerCase(Locale.ROOT);
        if (info == null || info.resource() == null) {
            return RequestAttributes.nonResource(user, lowerMethod, path);
        }
        String name = info.name();
        String verb = switch (lowerMethod) {
            case "get", "head" -> "get";
            case "post" -> "create";
            case "put" -> "update";
            case "patch" -> "patch";
            case "delete" -> "delete";
            default -> "";
        };
        if (name == null && verb.equals("get")) {
            String watch = query.apply("watch");
            verb = "true".equals(watch) || "1".equals(watch) ? "watch" : "list";
            // a list or watch of one object by field selector is authorized as that object, as upstream does
            String selected = exactName(query.apply("fieldSelector"));
            if (selected != null) {
                name = selected;
            }
        } else if (name == null && verb.equals("delete")) {
            verb = "deletecollection";
        }
        // upstream: for the namespace object itself, the namespace is its name
        String namespace = "namespaces".equals(info.resource()) && info.group().isEmpty() ? info.name() : info.namespace();
        return RequestAttributes.resource(user, verb, info.group(), info.version(), info.resource(), info.subresource(),
                namespace, name);
    }

    /** The name of a field selector that is exactly {@code metadata.name=x} (or ==), else null. */
    static String exactName(String fieldSelector) {
        if (fieldSelector == null) {
            return null;
        }
        for (String term : fieldSelector.split(",")) {
            String t = term.trim();
            for (String op : new String[] {"==", "="}) {
                if (t.startsWith("metadata.name" + op)) {
                    String value = t.substring(("metadata.name" + op).length());
                    if (!value.isEmpty() && !value.startsWith("=") && value.matches("[^/%]+")) {
                        return value;
                    }
                }
            }
        }
        return null;
    }
}
