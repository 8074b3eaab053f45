package dev.capstan.api.encryption;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.registry.KeyLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which group/resource a store key belongs to: the built-in kinds by their key prefix (core and the groups
 * upstream stores unprefixed share the {@code /registry/<resource>/} form), anything else by upstream's
 * {@code /registry/<group>/<resource>/} layout for custom resources.
 */
final class ResourceKeys {

    /** A resource and its API group ("" for core). */
    record GroupResource(String group, String resource) {
    }

    private final Map<String, GroupResource> byPrefix = new HashMap<>();

    ResourceKeys(List<ResourceDefinition> definitions) {
        for (ResourceDefinition def : definitions) {
            byPrefix.put(KeyLayout.resourcePrefix(def), new GroupResource(def.group(), def.plural()));
        }
    }

    /** The part of a key that names its resource, with a trailing slash, or null for a key outside /registry/. */
    static String resourcePrefix(String key) {
        if (!key.startsWith(KeyLayout.ROOT)) {
            return null;
        }
        int first = key.indexOf('/', KeyLayout.ROOT.length());
        if (first < 0) {
            return null;
        }
        String segment = key.substring(KeyLayout.ROOT.length(), first);
        if (!segment.contains(".")) {
            return key.substring(0, first + 1);
        }
        int second = key.indexOf('/', first + 1);
        return second < 0 ? null : key.substring(0, second + 1);
    }

    GroupResource ofPrefix(String resourcePrefix) {
        GroupResource known = byPrefix.get(resourcePrefix);
        if (known != null) {
            return known;
        }
        String[] segments = resourcePrefix.substring(KeyLayout.ROOT.length()).split("/");
        return segments.length >= 2 ? new GroupResource(segments[0], segments[1]) : new GroupResource("", segments[0]);
    }
}
