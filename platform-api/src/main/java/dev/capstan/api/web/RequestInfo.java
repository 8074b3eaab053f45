package dev.capstan.api.web;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What a resource URL names, parsed as upstream's RequestInfoFactory parses it:
 * {@code /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}} and
 * {@code /apis/{group}/{version}/...}; {@code namespaces/{name}/status|finalize} is the namespace itself.
 *
 * @param group "" for /api
 * @param version the version
 * @param namespace the namespace, or null
 * @param resource the plural, or null for a group-version discovery URL
 * @param name the object name, or null for the collection
 * @param subresource the subresource, or null
 */
public record RequestInfo(String group, String version, String namespace, String resource, String name,
        String subresource) {

    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    /** Parses a path under /api or /apis; null when the path is not a resource URL. */
    public static RequestInfo parse(String path) {
        List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
        if (parts.isEmpty()) {
            return null;
        }
        int i;
        String group;
        if (parts.get(0).equals("api")) {
            if (parts.size() < 2) {
                return null;
            }
            group = "";
            i = 1;
        } else if (parts.get(0).equals("apis")) {
            if (parts.size() < 3) {
                return null;
            }
            group = parts.get(1);
            i = 2;
        } else {
            return null;
        }
        String version = parts.get(i++);
        List<String> rest = parts.subList(i, parts.size());
        if (rest.isEmpty()) {
            return new RequestInfo(group, version, null, null, null, null);
        }
        String namespace = null;
        if (rest.get(0).equals("namespaces") && rest.size() > 1) {
            namespace = rest.get(1);
            if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
                rest = rest.subList(2, rest.size());
            } else {
                // the namespace object itself: namespaces/{name}[/status|/finalize]
                return new RequestInfo(group, version, null, "namespaces", namespace,
                        rest.size() > 2 ? rest.get(2) : null);
            }
        }
        if (rest.size() > 3) {
            return null;
        }
        return new RequestInfo(group, version, namespace, rest.get(0), rest.size() > 1 ? rest.get(1) : null,
                rest.size() > 2 ? rest.get(2) : null);
    }
}
