package dev.capstan.api.admission;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Whether a quota's scopes ({@code spec.scopes} and {@code spec.scopeSelector}) take in an object: scoped quotas
 * track pods only; Terminating / NotTerminating by activeDeadlineSeconds, BestEffort / NotBestEffort by the QoS
 * class, PriorityClass by the pod's priorityClassName.
 */
final class QuotaScopes {

    private QuotaScopes() {
    }

    static boolean matches(JsonNode quota, AdmissionAttributes a) {
        List<JsonNode> expressions = new ArrayList<>();
        for (JsonNode scope : quota.path("spec").path("scopes")) {
            expressions.add(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    .put("scopeName", scope.asString()).put("operator", "Exists"));
        }
        quota.path("spec").path("scopeSelector").path("matchExpressions").forEach(expressions::add);
        if (expressions.isEmpty()) {
            return true;
        }
        if (!a.isCore("pods")) {
            return false;
        }
        JsonNode spec = a.object().path("spec");
        for (JsonNode e : expressions) {
            if (!matches(e, spec)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(JsonNode expression, JsonNode spec) {
        String operator = expression.path("operator").asString("Exists");
        boolean terminating = spec.path("activeDeadlineSeconds").isNumber();
        return switch (expression.path("scopeName").asString("")) {
            case "Terminating" -> terminating == !operator.equals("DoesNotExist");
            case "NotTerminating" -> !terminating == !operator.equals("DoesNotExist");
            case "BestEffort" -> QuotaUsage.bestEffort(spec) == !operator.equals("DoesNotExist");
            case "NotBestEffort" -> !QuotaUsage.bestEffort(spec) == !operator.equals("DoesNotExist");
            case "PriorityClass" -> priorityClass(operator, expression.path("values"),
                    spec.path("priorityClassName").asString(""));
            default -> false;
        };
    }

    private static boolean priorityClass(String operator, JsonNode values, String className) {
        boolean listed = false;
        for (JsonNode v : values) {
            listed |= v.asString().equals(className);
        }
        return switch (operator) {
            case "In" -> listed;
            case "NotIn" -> !listed;
            case "Exists" -> !className.isEmpty();
            case "DoesNotExist" -> className.isEmpty();
            default -> false;
        };
    }
}
