package dev.capstan.api.errors;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A failed API call, carrying what becomes the response's {@code Status} object: the HTTP code, upstream's
 * {@code reason}, the message and the details. Made through {@link ApiErrors}, which knows upstream's wording.
 */
public class ApiException extends RuntimeException {

    private final int code;
    private final String reason;
    private final Details details;

    /** The {@code details} of a Status: which object, and for 422 the field causes. */
    public record Details(String name, String group, String kind, List<Cause> causes, Integer retryAfterSeconds) {

        public static Details of(String name, String group, String kind) {
            return new Details(name, group, kind, List.of(), null);
        }
    }

    /** One cause: reason (e.g. FieldValueInvalid), message, field path. */
    public record Cause(String reason, String message, String field) {
    }

    public ApiException(int code, String reason, String message, Details details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public Details details() {
        return details;
    }

    /** The Status object of this failure. */
    public ObjectNode toStatus() {
        return StatusObjects.failure(code, reason, getMessage(), details);
    }
}
