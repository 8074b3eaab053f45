package dev.capstan.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque token that resumes a paginated list: the revision of the first page and the last key returned.
 * Both implementations use it, so a token means the same thing whichever store made it.
 *
 * @param revision the revision every page is read at
 * @param lastKey the last key of the previous page; the next page starts after it
 */
public record ContinueToken(long revision, String lastKey) {

    /** Encodes the token as URL-safe base64. */
    public String encode() {
        byte[] raw = (revision + ":" + lastKey).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /**
     * Decodes a token made by {@link #encode}.
     *
     * @throws InvalidStoreRequestException if it is not such a token
     */
    public static ContinueToken decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            long revision = Long.parseLong(raw.substring(0, colon));
            String lastKey = raw.substring(colon + 1);
            if (revision <= 0 || lastKey.isEmpty()) {
                throw new IllegalArgumentException("empty token fields");
            }
            return new ContinueToken(revision, lastKey);
        } catch (RuntimeException e) {
            throw new InvalidStoreRequestException("malformed continue token");
        }
    }
}
