package dev.capstan.api.validation;

import java.util.List;

/** The format a kind demands of {@code metadata.name}, as upstream's per-kind {@code ValidateNameFunc}. */
public enum NameRule {
    /** Most kinds: an RFC 1123 subdomain of at most 253 characters ({@code NameIsDNSSubdomain}). */
    DNS1123_SUBDOMAIN,
    /** Namespaces, Services and a few others: an RFC 1123 label of at most 63 characters ({@code NameIsDNSLabel}). */
    DNS1123_LABEL,
    /** RBAC kinds and others: anything usable as a URL path segment ({@code ValidatePathSegmentName}). */
    PATH_SEGMENT;

    /**
     * The problems with {@code name}, empty when it is valid. With {@code prefix} the value is a
     * {@code generateName} prefix, which may end in '-' because random characters follow it.
     */
    public List<String> check(String name, boolean prefix) {
        return switch (this) {
            case DNS1123_SUBDOMAIN -> NameRules.isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);
            case DNS1123_LABEL -> NameRules.isDns1123Label(prefix ? maskTrailingDash(name) : name);
            case PATH_SEGMENT -> prefix ? NameRules.isPathSegmentPrefix(name) : NameRules.isPathSegmentName(name);
        };
    }

    // Upstream drops the last two characters (not one) before appending 'a'; kept for identical verdicts.
    private static String maskTrailingDash(String name) {
        if (name.length() > 1 && name.endsWith("-")) {
            return name.substring(0, name.length() - 2) + "a";
        }
        return name;
    }
}
