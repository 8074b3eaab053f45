package dev.capstan.node.server;

/** The token of an {@code Authorization: Bearer <token>} header, as upstream reads it (scheme case-insensitive). */
final class BearerToken {

    private BearerToken() {
    }

    /** The token, or null when the header is missing, another scheme, or empty. */
    static String of(String authorization) {
        if (authorization == null) {
            return null;
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isBlank()) {
            return null;
        }
        return parts[1].trim();
    }
}
