package dev.capstan.api.admission.webhook;

import dev.capstan.api.admission.AdmissionAttributes;
import dev.capstan.api.admission.Operation;
import tools.jackson.databind.JsonNode;

/** Whether a webhook's {@code rules} take in a request (upstream's {@code rules.Matcher}). */
final class WebhookRules {

    private WebhookRules() {
    }

    /** True when any rule matches; a webhook without rules matches nothing. */
    static boolean matches(JsonNode webhook, AdmissionAttributes a) {
        for (JsonNode rule : webhook.path("rules")) {
            if (matchesRule(rule, a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesRule(JsonNode rule, AdmissionAttributes a) {
        return contains(rule.path("operations"), a.operation().name())
                && contains(rule.path("apiGroups"), a.group())
                && contains(rule.path("apiVersions"), a.definition().version())
                && resource(rule.path("resources"), a.resource(), a.subresource())
                && scope(rule.path("scope").asString("*"), a);
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode item : list) {
            if (item.asString().equals("*") || item.asString().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** {@code pods}, {@code pods/status}, {@code pods/*}, {@code *}, {@code * /status}, {@code * /*}. */
    private static boolean resource(JsonNode resources, String resource, String subresource) {
        for (JsonNode item : resources) {
            String[] parts = item.asString().split("/", 2);
            boolean resourceOk = parts[0].equals("*") || parts[0].equals(resource);
            boolean subOk = parts.length == 1 ? subresource == null || subresource.isEmpty()
                    : parts[1].equals("*") || parts[1].equals(subresource);
            if (parts.length == 1 && parts[0].equals("*") && subresource != null && !subresource.isEmpty()) {
                subOk = false; // "*" means every resource, not its subresources
            }
            if (resourceOk && subOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean scope(String scope, AdmissionAttributes a) {
        return switch (scope) {
            case "Cluster" -> !a.definition().namespaced();
            case "Namespaced" -> a.definition().namespaced();
            default -> true;
        };
    }

    static boolean isCreateOrUpdate(Operation operation) {
        return operation == Operation.CREATE || operation == Operation.UPDATE;
    }
}
