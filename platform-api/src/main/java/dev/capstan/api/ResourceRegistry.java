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
        return map;
    }
}
