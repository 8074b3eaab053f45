package dev.capstan.api.proxy;

import dev.capstan.api.errors.ApiException;

/** A kubelet's failures as the API server reports them (upstream's GenericHttpResponseChecker and dialer). */
final class KubeletErrors {

    private KubeletErrors() {
    }

    /** A non-2xx kubelet response: its status, with the kubelet's text as the message. */
    static ApiException fromKubelet(int code, String text) {
        String reason = switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            default -> "InternalError";
        };
        return new ApiException(code >= 400 && code < 600 ? code : 500, reason, text.strip(), null);
    }

    /** The kubelet could not be reached. */
    static ApiException dial(Throwable e) {
        return new ApiException(500, "InternalError", "error dialing backend: " + e.getMessage(), null);
    }
}
