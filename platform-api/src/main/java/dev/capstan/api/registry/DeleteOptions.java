package dev.capstan.api.registry;

/**
 * A delete's options (the DeleteOptions body and query parameters).
 *
 * @param gracePeriodSeconds the requested grace period, or null for the kind's default
 * @param propagationPolicy Orphan, Background or Foreground, or null (the kind's default: Background)
 * @param preconditionUid the uid the object must have, or null
 * @param preconditionResourceVersion the resourceVersion the object must have, or null
 * @param dryRun {@code dryRun=All}
 */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
        String preconditionResourceVersion, boolean dryRun) {

    public static DeleteOptions defaults() {
        return new DeleteOptions(null, null, null, null, false);
    }
}
