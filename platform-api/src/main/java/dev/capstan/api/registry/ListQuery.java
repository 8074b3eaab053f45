package dev.capstan.api.registry;

/**
 * The query parameters of a list (and of the list that starts a watch), unparsed where upstream leaves their
 * meaning to the store.
 *
 * @param labelSelector {@code labelSelector}, or null
 * @param fieldSelector {@code fieldSelector}, or null
 * @param limit {@code limit}, 0 for none
 * @param continueToken {@code continue}, or null
 * @param resourceVersion {@code resourceVersion}, or null
 * @param resourceVersionMatch {@code resourceVersionMatch} (NotOlderThan, Exact), or null
 */
public record ListQuery(String labelSelector, String fieldSelector, long limit, String continueToken,
        String resourceVersion, String resourceVersionMatch) {

    public static ListQuery all() {
        return new ListQuery(null, null, 0, null, null, null);
    }
}
