package dev.capstan.api.registry;

import dev.capstan.api.security.UserInfo;

/**
 * A delete's options (the DeleteOptions body and query parameters).
 *
 * @param gracePeriodSeconds the requested grace period, or null for the kind's default
 * @param propagationPolicy Orphan, Background or Foreground, or null (the kind's default: Background)
 * @param preconditionUid the uid the object must have, or null
 * @param preconditionResourceVersion the resourceVersion the object must have, or null
 * @param dryRun {@code dryRun=All}
 * @param user who deletes (for admission), or null when the delete does not come from a request
 */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
        String preconditionResourceVersion, boolean dryRun, UserInfo user) {

    public DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
            String preconditionResourceVersion, boolean dryRun) {
        this(gracePeriodSeconds, propagationPolicy, preconditionUid, preconditionResourceVersion, dryRun, null);
    }

    public static DeleteOptions defaults() {
        return new DeleteOptions(null, null, null, null, false);
    }

    /** The same options on behalf of {@code user}. */
    public DeleteOptions withUser(UserInfo user) {
        return new DeleteOptions(gracePeriodSeconds, propagationPolicy, preconditionUid, preconditionResourceVersion,
                dryRun, user);
    }
}
