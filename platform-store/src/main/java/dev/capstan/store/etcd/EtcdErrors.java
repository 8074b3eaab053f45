package dev.capstan.store.etcd;

import io.etcd.jetcd.common.exception.ClosedClientException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.grpc.Status;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Classifies what jetcd, gRPC and the JDK throw. The important split is "etcd could not be reached or did not
 * answer" (retryable, counted by the circuit breaker, reported as
 * {@link dev.capstan.store.StoreUnavailableException}) versus "etcd answered no" (compaction, bad revision),
 * which is an answer and must neither be retried nor open the breaker.
 */
final class EtcdErrors {

    private EtcdErrors() {
    }

    /** Strips the wrappers that futures add, to get at what actually failed. */
    static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * Whether the failure means etcd was unreachable or too slow: gRPC UNAVAILABLE or DEADLINE_EXCEEDED, a timeout,
     * a refused or broken connection, an open circuit breaker, a replaced client. Such a failure says nothing about the data, so a
     * read may be retried; a write may or may not have been applied.
     */
    static boolean isUnavailable(Throwable error) {
        for (Throwable t = unwrap(error); t != null; t = t.getCause()) {
            // A closed jetcd client here means EtcdConnection replaced it under a call in flight (the store's own
            // close is checked before every call): the call did not reach etcd and a new client is ready.
            if (t instanceof TimeoutException || t instanceof CallNotPermittedException || t instanceof IOException
                    || t instanceof ClosedClientException) {
                return true;
            }
            if (t instanceof EtcdException etcd && isUnavailableCode(etcd.getErrorCode())) {
                return true;
            }
            Status.Code code = Status.fromThrowable(t).getCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** etcd's "mvcc: required revision has been compacted" (gRPC OUT_OF_RANGE). */
    static boolean isCompacted(Throwable error) {
        return messageContains(error, "required revision has been compacted")
                || unwrap(error) instanceof io.etcd.jetcd.common.exception.CompactedException;
    }

    /** etcd's "mvcc: required revision is a future revision" (gRPC OUT_OF_RANGE). */
    static boolean isFutureRevision(Throwable error) {
        return messageContains(error, "required revision is a future revision");
    }

    /** A short description for messages and logs. */
    static String describe(Throwable error) {
        Throwable t = unwrap(error);
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static boolean isUnavailableCode(ErrorCode code) {
        return code == ErrorCode.UNAVAILABLE || code == ErrorCode.DEADLINE_EXCEEDED;
    }

    private static boolean messageContains(Throwable error, String text) {
        for (Throwable t = unwrap(error); t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains(text)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
