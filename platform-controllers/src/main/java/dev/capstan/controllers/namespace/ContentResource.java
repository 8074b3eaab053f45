package dev.capstan.controllers.namespace;

/**
 * A namespaced resource the server serves, as discovery lists it.
 *
 * @param group   API group, empty for the core group
 * @param version API version within the group
 * @param plural  resource name ({@code pods})
 * @param kind    kind ({@code Pod})
 */
public record ContentResource(String group, String version, String plural, String kind) {

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** Upstream's condition messages name resources as {@code <resource>.<group>}. */
    public String display() {
        return plural + "." + group;
    }
}
