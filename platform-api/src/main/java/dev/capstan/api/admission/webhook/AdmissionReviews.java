package dev.capstan.api.admission.webhook;

import dev.capstan.api.admission.AdmissionAttributes;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** AdmissionReview v1 requests, and refusals worded as upstream's {@code webhookerrors.ToStatusErr}. */
final class AdmissionReviews {

    private AdmissionReviews() {
    }

    static ObjectNode request(String uid, AdmissionAttributes a) {
        ObjectNode review = Json.object();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", uid);
        ObjectNode kind = request.putObject("kind");
        kind.put("group", a.group()).put("version", a.definition().version()).put("kind", a.kind());
        ObjectNode resource = request.putObject("resource");
        resource.put("group", a.group()).put("version", a.definition().version()).put("resource", a.resource());
        request.set("requestKind", kind.deepCopy());
        request.set("requestResource", resource.deepCopy());
        if (a.subresource() != null) {
            request.put("subResource", a.subresource());
            request.put("requestSubResource", a.subresource());
        }
        request.put("name", a.name());
        if (a.namespace() != null) {
            request.put("namespace", a.namespace());
        }
        request.put("operation", a.operation().name());
        a.user().writeTo(request.putObject("userInfo"));
        request.set("object", a.object() == null ? Json.MAPPER.nullNode() : a.object());
        request.set("oldObject", a.oldObject() == null ? Json.MAPPER.nullNode() : a.oldObject());
        request.put("dryRun", a.dryRun());
        ObjectNode options = request.putObject("options");
        options.put("apiVersion", "meta.k8s.io/v1");
        options.put("kind", switch (a.operation()) {
            case CREATE -> "CreateOptions";
            case UPDATE -> "UpdateOptions";
            case DELETE -> "DeleteOptions";
            case CONNECT -> "ConnectOptions";
        });
        return review;
    }

    static ApiException denied(String webhook, JsonNode status) {
        String deniedBy = "admission webhook \"" + webhook + "\" denied the request";
        int code = Math.max(400, status.path("code").asInt(0));
        String message = status.path("message").asString("");
        String reason = status.path("reason").asString("");
        String text = !message.isEmpty() ? deniedBy + ": " + message
                : !reason.isEmpty() ? deniedBy + ": " + reason : deniedBy + " without explanation";
        return new ApiException(code, reason, text, null);
    }

}
