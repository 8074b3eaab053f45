package dev.capstan.api.audit;

/** How much of a request is recorded, as upstream's audit levels (each includes the ones before). */
public enum AuditLevel {
    None, Metadata, Request, RequestResponse;

    boolean atLeast(AuditLevel other) {
        return compareTo(other) >= 0;
    }
}
