package dev.capstan.api.web;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.json.Json;
import java.util.List;
import java.util.Map;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Discovery: {@code /api} (APIVersions), {@code /apis} (APIGroupList), {@code /apis/{group}} (APIGroup) and the
 * APIResourceList of each group-version, built from the registry, so {@code kubectl api-resources} lists every
 * kind with its short names, verbs and categories.
 */
public final class DiscoveryHandler {

    private final ResourceRegistry registry;

    public DiscoveryHandler(ResourceRegistry registry) {
        this.registry = registry;
    }

    public Mono<ServerResponse> coreVersions() {
        ObjectNode versions = Json.object();
        versions.put("kind", "APIVersions");
        versions.putArray("versions").add("v1");
        ObjectNode address = versions.putArray("serverAddressByClientCIDRs").addObject();
        address.put("clientCIDR", "0.0.0.0/0");
        address.put("serverAddress", "");
        return Responses.json(200, versions);
    }

    public Mono<ServerResponse> groups() {
        ObjectNode list = Json.object();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        for (Map.Entry<String, List<String>> group : registry.groups().entrySet()) {
            groups.add(group(group.getKey(), group.getValue()));
        }
        return Responses.json(200, list);
    }

    public Mono<ServerResponse> group(String name) {
        List<String> versions = registry.groups().get(name);
        if (versions == null) {
            return Responses.error(ApiErrors.noSuchPath("/apis/" + name));
        }
        ObjectNode group = group(name, versions);
        group.put("kind", "APIGroup");
        group.put("apiVersion", "v1");
        return Responses.json(200, group);
    }

    private static ObjectNode group(String name, List<String> versions) {
        ObjectNode group = Json.object();
        group.put("name", name);
        ArrayNode list = group.putArray("versions");
        for (String version : versions) {
            ObjectNode v = list.addObject();
            v.put("groupVersion", name + "/" + version);
            v.put("version", version);
        }
        ObjectNode preferred = group.putObject("preferredVersion");
        preferred.put("groupVersion", name + "/" + versions.get(0));
        preferred.put("version", versions.get(0));
        return group;
    }

    /** The APIResourceList of one group-version (404 when it is not served). */
    public Mono<ServerResponse> groupVersion(String group, String version) {
        String groupVersion = group.isEmpty() ? version : group + "/" + version;
        List<ResourceDefinition> defs = registry.byGroupVersion().get(groupVersion);
        List<ObjectNode> discoveryOnly = registry.discoveryOnly(groupVersion);
        if (defs == null && !discoveryOnly.isEmpty()) {
            defs = List.of();
        }
        if (defs == null) {
            return Responses.error(ApiErrors.noSuchPath("/" + groupVersion));
        }
        ObjectNode list = Json.object();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", groupVersion);
        ArrayNode resources = list.putArray("resources");
        for (ResourceDefinition def : defs) {
            ObjectNode r = resources.addObject();
            r.put("name", def.plural());
            r.put("singularName", def.singular());
            r.put("namespaced", def.namespaced());
            r.put("kind", def.kind());
            ArrayNode verbs = r.putArray("verbs");
            ResourceDefinition.VERBS.forEach(verbs::add);
            if (!def.shortNames().isEmpty()) {
                ArrayNode shortNames = r.putArray("shortNames");
                def.shortNames().forEach(shortNames::add);
            }
            if (!def.categories().isEmpty()) {
                ArrayNode categories = r.putArray("categories");
                def.categories().forEach(categories::add);
            }
            r.put("storageVersionHash", Integer.toHexString((def.group() + def.kind()).hashCode()));
            for (String sub : def.subresources().stream().sorted().toList()) {
                resources.add(subresource(def, sub));
            }
        }
        discoveryOnly.forEach(r -> resources.add(r.deepCopy()));
        return Responses.json(200, list);
    }

    private static ObjectNode subresource(ResourceDefinition def, String sub) {
        ObjectNode r = Json.object();
        r.put("name", def.plural() + "/" + sub);
        r.put("singularName", "");
        r.put("namespaced", def.namespaced());
        ArrayNode verbs;
        switch (sub) {
            case "scale" -> {
                r.put("group", "autoscaling");
                r.put("version", "v1");
                r.put("kind", "Scale");
                verbs = r.putArray("verbs");
                List.of("get", "patch", "update").forEach(verbs::add);
            }
            case "binding" -> {
                r.put("kind", "Binding");
                r.putArray("verbs").add("create");
            }
            case "eviction" -> {
                r.put("group", "policy");
                r.put("version", "v1");
                r.put("kind", "Eviction");
                r.putArray("verbs").add("create");
            }
            case "finalize" -> {
                r.put("kind", def.kind());
                r.putArray("verbs").add("update");
            }
            case "log" -> {
                r.put("kind", def.kind());
                r.putArray("verbs").add("get");
            }
            // upstream's connect subresources: kind is their options type, verbs the HTTP methods they accept
            case "exec", "attach", "portforward" -> {
                r.put("kind", switch (sub) {
                    case "exec" -> "PodExecOptions";
                    case "attach" -> "PodAttachOptions";
                    default -> "PodPortForwardOptions";
                });
                verbs = r.putArray("verbs");
                List.of("create", "get").forEach(verbs::add);
            }
            case "proxy" -> {
                r.put("kind", def.kind() + "ProxyOptions");
                verbs = r.putArray("verbs");
                List.of("create", "delete", "get", "patch", "update").forEach(verbs::add);
            }
            default -> {
                r.put("kind", def.kind());
                verbs = r.putArray("verbs");
                List.of("get", "patch", "update").forEach(verbs::add);
            }
        }
        return r;
    }
}
