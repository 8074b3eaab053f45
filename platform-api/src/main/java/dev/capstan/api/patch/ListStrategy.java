package dev.capstan.api.patch;

/**
 * How a strategic merge patch treats one list field, from upstream's {@code patchMergeKey}/{@code patchStrategy}
 * struct tags.
 *
 * @param mergeKey   the field identifying an element ({@code name}, {@code containerPort}, ...); null for a list of
 *                   primitives that merges as a set (e.g. {@code metadata.finalizers})
 * @param merge      whether the list merges (patchStrategy contains {@code merge}); a list that does not merge is
 *                   replaced whole
 * @param retainKeys whether patchStrategy also contains {@code retainKeys} (e.g. {@code spec.volumes}); the server
 *                   honours {@code $retainKeys} directives wherever they appear, so this only documents the tag
 */
public record ListStrategy(String mergeKey, boolean merge, boolean retainKeys) {

    /** A list of objects merged element by element on {@code key}. */
    public static ListStrategy mergeOn(String key) {
        return new ListStrategy(key, true, false);
    }

    /** A list of objects merged on {@code key} whose elements also carry {@code retainKeys} semantics. */
    public static ListStrategy mergeOnRetainingKeys(String key) {
        return new ListStrategy(key, true, true);
    }

    /** A list of primitives merged as a set union. */
    public static ListStrategy primitiveSet() {
        return new ListStrategy(null, true, false);
    }
}
