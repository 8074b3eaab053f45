package dev.capstan.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every served kind, looked up by group, version and plural. Thread-safe; kinds can be added at run time
 * (custom resources later), never removed while a request might use them.
 */
public final class ResourceRegistry {

    private final List<ResourceDefinition> definitions = new CopyOnWriteArrayList<>();
    /** Resources with their own handlers and no storage (create-only reviews), by group-version: discovery only. */
    private final Map<String, List<tools.jackson.databind.node.ObjectNode>> discoveryOnly =
            Collections.synchronizedMap(new LinkedHashMap<>());

    /**
     * Lists a group-version's resources that are served by their own handlers (e.g. the authorization.k8s.io
     * reviews) in discovery: each an APIResource object (name, namespaced, kind, verbs). They are not kinds here.
     */
    public void registerDiscoveryOnly(String group, String version, List<tools.jackson.databind.node.ObjectNode> resources) {
        discoveryOnly.merge(group + "/" + version, List.copyOf(resources),
                (a, b) -> { List<tools.jackson.databind.node.ObjectNode> all = new ArrayList<>(a); all.addAll(b); return all; });
    }

    /** The discovery-only resources of a group-version ("authorization.k8s.io/v1", "v1" for core), empty when none. */
    public List<tools.jackson.databind.node.ObjectNode> discoveryOnly(String groupVersion) {
        // registered as "group/version": the core group's key is "/v1"
        String key = groupVersion.contains("/") ? groupVersion : "/" + groupVersion;
        return discoveryOnly.getOrDefault(key, List.of());
    }

    public ResourceRegistry(List<ResourceDefinition> initial) {
        initial.forEach(this::register);
    }

    /** Adds a kind. */
    public void register(ResourceDefinition definition) {
        if (find(definition.group(), definition.version(), definition.plural()).isPresent()) {
            throw new IllegalArgumentException("already registered: " + definition.plural() + "." + definition.group());
        }
        definitions.add(definition);
    }

    public Optional<ResourceDefinition> find(String group, String version, String plural) {
        for (ResourceDefinition d : definitions) {
            if (d.group().equals(group) && d.version().equals(version) && d.plural().equals(plural)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The kind with this group and kind name (any version), for kinds referenced from objects. */
    public Optional<ResourceDefinition> findKind(String group, String kind) {
        return definitions.stream().filter(d -> d.group().equals(group) && d.kind().equals(kind)).findFirst();
    }

    public List<ResourceDefinition> all() {
        return Collections.unmodifiableList(definitions);
    }

    /** The kinds by group-version ("v1", "apps/v1"), in registration order, core first. */
    public Map<String, List<ResourceDefinition>> byGroupVersion() {
        Map<String, List<ResourceDefinition>> map = new LinkedHashMap<>();
        for (ResourceDefinition d : definitions) {
            map.computeIfAbsent(d.apiVersion(), k -> new ArrayList<>()).add(d);
        }
        return map;
    }

    /** The named groups (not core), in registration order, each with its versions. */
    public Map<String, List<String>> groups() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (ResourceDefinition d : definitions) {
            if (!d.group().isEmpty()) {
                List<String> versions = map.computeIfAbsent(d.group(), k -> new ArrayList<>());
                if (!versions.contains(d.version())) {
                    versions.add(d.version());
                }
            }
        }
        synchronized (discoveryOnly) {
            for (String groupVersion : discoveryOnly.keySet()) {
                int slash = groupVersion.indexOf('/');
                List<String> versions = map.computeIfAbsent(groupVersion.substring(0, slash), k -> new ArrayList<>());
                if (!versions.contains(groupVersion.substring(slash + 1))) {
                    versions.add(groupVersion.substring(slash + 1));
                }
            }
        }
        return map;
    }
}
