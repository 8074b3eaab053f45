package dev.capstan.api.patch;

import java.util.Locale;
import java.util.Optional;

/** The three patch formats of the Kubernetes API, by the request Content-Type that selects them. */
public enum PatchType {
    JSON("application/json-patch+json"),
    MERGE("application/merge-patch+json"),
    STRATEGIC("application/strategic-merge-patch+json");

    private final String mediaType;

    PatchType(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The media type a client sends in Content-Type for this patch format. */
    public String mediaType() {
        return mediaType;
    }

    /**
     * The patch type a request Content-Type selects, matched case-insensitively with its parameters (e.g.
     * {@code charset}) ignored; empty when it names no patch type (including server-side apply, which is not a
     * patch of this package).
     */
    public static Optional<PatchType> fromContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semicolon = contentType.indexOf(';');
        String bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        for (PatchType type : values()) {
            if (type.mediaType.equals(bare)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
