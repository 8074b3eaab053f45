package dev.capstan.api.errors;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Builds meta/v1 {@code Status} objects as upstream serializes them. */
public final class StatusObjects {

    private StatusObjects() {
    }

    public static ObjectNode failure(int code, String reason, String message, ApiException.Details details) {
        ObjectNode status = base("Failure");
        status.put("message", message);
        if (reason != null && !reason.isEmpty()) {
            status.put("reason", reason);
        }
        if (details != null) {
            ObjectNode d = status.putObject("details");
            putIfPresent(d, "name", details.name());
            putIfPresent(d, "group", details.group());
            putIfPresent(d, "kind", details.kind());
            if (details.causes() != null && !details.causes().isEmpty()) {
                ArrayNode causes = d.putArray("causes");
                for (ApiException.Cause cause : details.causes()) {
                    ObjectNode c = causes.addObject();
                    putIfPresent(c, "reason", cause.reason());
                    putIfPresent(c, "message", cause.message());
                    putIfPresent(c, "field", cause.field());
                }
            }
            if (details.retryAfterSeconds() != null) {
                d.put("retryAfterSeconds", details.retryAfterSeconds());
            }
        }
        status.put("code", code);
        return status;
    }

    /** The Status a delete answers with when the kind returns no object (and deletecollection-like calls). */
    public static ObjectNode success(String name, String group, String kind, String uid) {
        ObjectNode status = base("Success");
        ObjectNode d = status.putObject("details");
        putIfPresent(d, "name", name);
        putIfPresent(d, "group", group);
        putIfPresent(d, "kind", kind);
        putIfPresent(d, "uid", uid);
        return status;
    }

    private static ObjectNode base(String outcome) {
        // errors sit below the json package: they build their trees without its mapper
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", outcome);
        return status;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
