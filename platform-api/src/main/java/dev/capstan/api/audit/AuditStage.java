package dev.capstan.api.audit;

/** Upstream's audit stages: when during a request an event is written. */
public enum AuditStage {
    /** As soon as the request arrives, before it is handled. */
    RequestReceived,
    /** Long-running requests (watches): once the response headers are sent, before the body. */
    ResponseStarted,
    /** The response is complete. */
    ResponseComplete,
    /** The request failed with an unhandled error. */
    Panic
}
