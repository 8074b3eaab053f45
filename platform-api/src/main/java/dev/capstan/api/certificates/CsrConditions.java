package dev.capstan.api.certificates;

import dev.capstan.api.json.Json;
import dev.capstan.api.registry.Meta;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** status.conditions of a CertificateSigningRequest: timestamps as upstream fills them, Approved/Denied kept. */
final class CsrConditions {

    private CsrConditions() {
    }

    static boolean has(JsonNode conditions, String type) {
        for (JsonNode c : conditions) {
            if (type.equals(c.path("type").asString(""))) {
                return true;
            }
        }
        return false;
    }

    static boolean isApproval(JsonNode condition) {
        String type = condition.path("type").asString("");
        return CertificateSigningRequestStrategy.APPROVED.equals(type) || CertificateSigningRequestStrategy.DENIED.equals(type);
    }

    /** The new conditions without Approved/Denied, plus the old ones of those types (a status write keeps them). */
    static ArrayNode replaceApproval(JsonNode conditions, JsonNode oldConditions) {
        ArrayNode result = Json.array();
        for (JsonNode c : oldConditions) {
            if (isApproval(c)) {
                result.add(c.deepCopy());
            }
        }
        for (JsonNode c : conditions) {
            if (!isApproval(c)) {
                result.add(c.deepCopy());
            }
        }
        return result;
    }

    /**
     * Upstream's populateConditionTimestamps: a new or changed condition gets lastUpdateTime now; lastTransitionTime
     * is now when the status of its type changed, else the old one.
     */
    static ArrayNode withTimestamps(JsonNode conditions, JsonNode oldConditions, Instant now) {
        ArrayNode result = Json.array();
        String stamp = Meta.timestamp(now);
        for (JsonNode c : conditions) {
            if (!(c instanceof ObjectNode condition)) {
                result.add(c.deepCopy());
                continue;
            }
            ObjectNode copy = condition.deepCopy();
            if (!copy.hasNonNull("status") || copy.get("status").asString("").isEmpty()) {
                copy.put("status", "True");
            }
            JsonNode old = sameType(oldConditions, copy.path("type").asString(""));
            if (!copy.hasNonNull("lastUpdateTime")) {
                copy.put("lastUpdateTime", stamp);
            }
            if (!copy.hasNonNull("lastTransitionTime")) {
                boolean unchanged = old != null && old.path("status").asString("").equals(copy.path("status").asString(""))
                        && old.hasNonNull("lastTransitionTime");
                copy.put("lastTransitionTime", unchanged ? old.get("lastTransitionTime").asString() : stamp);
            }
            result.add(copy);
        }
        return result;
    }

    private static JsonNode sameType(JsonNode conditions, String type) {
        for (JsonNode c : conditions) {
            if (type.equals(c.path("type").asString(""))) {
                return c;
            }
        }
        return null;
    }
}
