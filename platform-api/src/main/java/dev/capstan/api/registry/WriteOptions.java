package dev.capstan.api.registry;

import dev.capstan.api.security.UserInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of a create or update.
 *
 * @param dryRun {@code dryRun=All}: run every step but the write
 * @param fieldManager the {@code fieldManager} parameter, or null (accepted; managed fields are not tracked yet)
 * @param user who writes (for admission), or null when the write does not come from a request
 * @param warnings where admission's warnings go ({@code Warning:} response headers)
 * @param subresource the subresource written ("status", "binding", "scale", ...), or null for the main resource
 * @param auditAnnotations where admission's audit annotations go (the request's audit events)
 */
public record WriteOptions(boolean dryRun, String fieldManager, UserInfo user, List<String> warnings,
        String subresource, Map<String, String> auditAnnotations) {

    public WriteOptions {
        warnings = warnings == null ? new ArrayList<>() : warnings;
        auditAnnotations = auditAnnotations == null ? new LinkedHashMap<>() : auditAnnotations;
    }

    public WriteOptions(boolean dryRun, String fieldManager, UserInfo user, List<String> warnings, String subresource) {
        this(dryRun, fieldManager, user, warnings, subresource, null);
    }

    public WriteOptions(boolean dryRun, String fieldManager) {
        this(dryRun, fieldManager, null, null, null);
    }

    public static WriteOptions defaults() {
        return new WriteOptions(false, null);
    }

    /** The same options for a write of {@code subresource}. */
    public WriteOptions forSubresource(String subresource) {
        return new WriteOptions(dryRun, fieldManager, user, warnings, subresource, auditAnnotations);
    }
}
