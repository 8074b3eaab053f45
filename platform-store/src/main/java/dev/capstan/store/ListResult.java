package dev.capstan.store;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the keys, in key order
 * @param revision the revision the list was read at (the {@code resourceVersion} of a Kubernetes list)
 * @param continueToken the token that reads the next page, or null if this is the last page
 */
public record ListResult(List<KeyValue> items, long revision, String continueToken) {

    /** Whether more keys follow this page. */
    public boolean hasMore() {
        return continueToken != null;
    }
}
