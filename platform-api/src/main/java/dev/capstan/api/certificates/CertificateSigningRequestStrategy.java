package dev.capstan.api.certificates;

import dev.capstan.api.ResourceStrategy;
import dev.capstan.api.json.Json;
import dev.capstan.api.security.UserInfo;
import dev.capstan.api.validation.FieldError;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code certificates.k8s.io/v1} CertificateSigningRequest, as upstream's pkg/registry/certificates: the requestor
 * (spec.username, uid, groups, extra) is the user who creates it, never what the body claims; a create starts with
 * an empty status; the spec never changes. The main resource changes only metadata, {@code approval} only
 * status.conditions (Approved/Denied), {@code status} the certificate and the other conditions.
 */
public final class CertificateSigningRequestStrategy implements ResourceStrategy {

    static final String APPROVED = "Approved";
    static final String DENIED = "Denied";

    @Override
    public void prepareForCreate(ObjectNode csr, UserInfo user) {
        ObjectNode spec = csr.get("spec") instanceof ObjectNode s ? s : csr.putObject("spec");
        spec.remove(List.of("username", "uid", "groups", "extra"));
        if (user != null) {
            user.writeTo(spec);
        }
        // nobody creates a pre-approved or pre-signed request
        csr.putObject("status");
    }

    @Override
    public void prepareForUpdate(ObjectNode csr, ObjectNode old, String subresource) {
        csr.set("spec", old.path("spec").deepCopy());
        ObjectNode oldStatus = old.get("status") instanceof ObjectNode s ? s.deepCopy() : Json.object();
        ObjectNode status = csr.get("status") instanceof ObjectNode s ? s : Json.object();
        if ("approval".equals(subresource)) {
            ArrayNode conditions = CsrConditions.withTimestamps(status.path("conditions"), oldStatus.path("conditions"),
                    Instant.now());
            oldStatus.set("conditions", conditions);
            csr.set("status", oldStatus);
        } else if ("status".equals(subresource)) {
            // Approved and Denied change only through approval
            ArrayNode kept = CsrConditions.replaceApproval(status.path("conditions"), oldStatus.path("conditions"));
            status.set("conditions", CsrConditions.withTimestamps(kept, oldStatus.path("conditions"), Instant.now()));
            csr.set("status", status);
        } else {
            csr.set("status", oldStatus);
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode csr) {
        return CsrValidation.create(csr);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode csr, ObjectNode old, String subresource) {
        return CsrValidation.update(csr, old);
    }

    /** The signer a request names (the approval and signing admission checks ask RBAC about it). */
    public static String signerName(JsonNode csr) {
        return csr == null ? "" : csr.path("spec").path("signerName").asString("");
    }
}
