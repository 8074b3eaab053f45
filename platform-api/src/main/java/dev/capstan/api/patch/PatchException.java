package dev.capstan.api.patch;

/**
 * A patch that was rejected, with the HTTP code and Status reason upstream's apiserver answers it with.
 *
 * <p>Upstream's codes, which this package follows: 400 BadRequest when the body is not a patch document of its
 * type (malformed JSON, a json-patch that is not an array of objects, a merge patch that is not an object or
 * array, a strategic patch that is not an object, a malformed {@code $retainKeys}/{@code $deleteFromPrimitiveList}/
 * {@code $setElementOrder} directive); 413 RequestEntityTooLarge for a json-patch of more than 10,000 operations;
 * 422 Invalid when a well-formed patch cannot be applied (every json-patch operation failure, including an unknown
 * {@code op} or a missing {@code path}, which upstream only discovers while applying; a merge patch whose result is
 * not an object; a list of lists in a strategic patch). Strategic-merge failures that upstream reports as plain Go
 * errors (an unknown {@code $patch} value, {@code $patch: merge}, a list element without its merge key, mixed
 * element types, a {@code $setElementOrder} list that contradicts the patch) become 500 with an empty reason,
 * exactly as upstream's apiserver answers them.
 */
public class PatchException extends RuntimeException {

    private final int httpStatus;
    private final String reason;

    public PatchException(int httpStatus, String reason, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.reason = reason;
    }

    /** The HTTP status code of the response. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code reason} of the Status object (BadRequest, Invalid, RequestEntityTooLarge, or empty for 500). */
    public String reason() {
        return reason;
    }

    static PatchException badRequest(String message) {
        return new PatchException(400, "BadRequest", message);
    }

    static PatchException invalid(String message) {
        return new PatchException(422, "Invalid", message);
    }

    static PatchException tooLarge(String message) {
        return new PatchException(413, "RequestEntityTooLarge", "Request entity too large: " + message);
    }

    /** What upstream answers for an error that is not an API status: 500 with reason Unknown (""). */
    static PatchException internal(String message) {
        return new PatchException(500, "", message);
    }
}
