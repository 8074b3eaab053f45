package dev.capstan.api.patch;

import java.util.List;
import java.util.Optional;

/**
 * The patch metadata of one kind that a strategic merge patch needs: which lists merge and on what key. Paths are
 * JSON field names from the object root, list positions left out (the fields of an element follow the list's own
 * name), e.g. {@code ["spec", "template", "spec", "containers", "env"]}.
 */
public interface PatchSchema {

    /**
     * For the list at this JSON path: its merge key and strategy, or empty when the list is atomic (a patch
     * replaces it whole).
     */
    Optional<ListStrategy> listStrategy(List<String> path);

    /**
     * Whether the object at this path is tagged {@code patchStrategy:"replace"} upstream (e.g.
     * {@code PodDisruptionBudgetSpec.selector}), so a patch replaces it instead of merging into it.
     */
    default boolean replacesMap(List<String> path) {
        return false;
    }

    /** The schema of kinds without patch metadata (custom resources, unknown kinds): every list is atomic. */
    static PatchSchema none() {
        return path -> Optional.empty();
    }

    /**
     * The schema of a built-in kind, read from its Fabric8 model class (e.g. {@code Deployment.class}) and
     * upstream's tags for those classes. Cached per class; unknown fields are atomic.
     */
    static PatchSchema forType(Class<?> fabric8RootType) {
        return Fabric8PatchSchema.of(fabric8RootType);
    }
}
