package dev.capstan.store;

/**
 * How to read a list.
 *
 * @param revision the revision to read at; 0 means the current one
 * @param limit the most keys to return; 0 means no limit
 * @param continueToken the token of the previous page, or null for the first page; when set, it also fixes
 *        the revision, and {@code revision} is ignored
 */
public record ListOptions(long revision, int limit, String continueToken) {

    public ListOptions {
        if (revision < 0 || limit < 0) {
            throw new InvalidStoreRequestException("revision and limit must not be negative");
        }
    }

    /** Every key, at the current revision. */
    public static ListOptions latest() {
        return new ListOptions(0, 0, null);
    }

    /** The first page of at most {@code limit} keys, at the current revision. */
    public static ListOptions firstPage(int limit) {
        return new ListOptions(0, limit, null);
    }

    /** Every key as it was at {@code revision}. */
    public static ListOptions atRevision(long revision) {
        return new ListOptions(revision, 0, null);
    }

    /** The page after the one that returned {@code continueToken}. */
    public static ListOptions nextPage(int limit, String continueToken) {
        return new ListOptions(0, limit, continueToken);
    }
}
