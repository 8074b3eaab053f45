package dev.capstan.controllers.namespace;

import java.util.List;
import java.util.Map;

/**
 * What one pass over a terminating namespace found (upstream's allGVRDeletionMetadata plus the errors).
 *
 * @param discoveryError   why discovery failed (partly), or null
 * @param deleteErrors     one message per resource whose content could not be deleted
 * @param remaining        objects still there per resource ({@code pods.} -> 3), zeros allowed
 * @param finalizers       objects still there per finalizer they carry
 */
public record ContentTotals(String discoveryError, List<String> deleteErrors, Map<String, Integer> remaining,
                            Map<String, Integer> finalizers) {

    public boolean contentRemains() {
        return remaining.values().stream().anyMatch(n -> n > 0);
    }

    public boolean failed() {
        return discoveryError != null || !deleteErrors.isEmpty();
    }
}
