package dev.capstan.api.web;

import dev.capstan.api.audit.AuditAnnotations;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.registry.DeleteOptions;
import dev.capstan.api.registry.ListQuery;
import dev.capstan.api.registry.WriteOptions;
import org.springframework.web.reactive.function.server.ServerRequest;

/** The query parameters of the API, parsed and checked as upstream checks them (400 for bad values). */
final class QueryParams {

    /** What to do with fields the schema does not know. */
    enum FieldValidation { STRICT, WARN, IGNORE }

    private QueryParams() {
    }

    static String get(ServerRequest request, String name) {
        return request.queryParam(name).orElse(null);
    }

    static boolean isWatch(ServerRequest request) {
        String watch = get(request, "watch");
        return watch != null && (watch.equals("true") || watch.equals("1"));
    }

    static boolean dryRun(ServerRequest request) {
        var values = request.queryParams().get("dryRun");
        if (values == null || values.isEmpty()) {
            return false;
        }
        for (String value : values) {
            if (!value.equals("All")) {
                throw ApiErrors.badRequest("Invalid dry run value: dryRun: Unsupported value: \"" + value
                        + "\": supported values: \"All\"");
            }
        }
        return true;
    }

    static FieldValidation fieldValidation(ServerRequest request) {
        String value = get(request, "fieldValidation");
        if (value == null || value.isEmpty()) {
            return FieldValidation.WARN;
        }
        return switch (value) {
            case "Strict" -> FieldValidation.STRICT;
            case "Warn" -> FieldValidation.WARN;
            case "Ignore" -> FieldValidation.IGNORE;
            default -> throw ApiErrors.badRequest("fieldValidation: Unsupported value: \"" + value
                    + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        };
    }

    static WriteOptions writeOptions(ServerRequest request) {
        return new WriteOptions(dryRun(request), get(request, "fieldManager"),
                dev.capstan.api.security.UserInfo.of(request.exchange()).orElse(null), null, null,
                AuditAnnotations.of(request.exchange()));
    }

    static ListQuery listQuery(ServerRequest request) {
        String limit = get(request, "limit");
        long parsedLimit = 0;
        if (limit != null && !limit.isEmpty()) {
            try {
                parsedLimit = Math.max(0, Long.parseLong(limit));
            } catch (NumberFormatException e) {
                throw ApiErrors.badRequest("limit: Invalid value: \"" + limit + "\": must be an integer");
            }
        }
        String cont = get(request, "continue");
        return new ListQuery(blankToNull(get(request, "labelSelector")), blankToNull(get(request, "fieldSelector")),
                parsedLimit, blankToNull(cont), blankToNull(get(request, "resourceVersion")),
                blankToNull(get(request, "resourceVersionMatch")));
    }

    static Long longParam(ServerRequest request, String name) {
        String value = get(request, name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiErrors.badRequest(name + ": Invalid value: \"" + value + "\": must be an integer");
        }
    }

    /** DeleteOptions from the body (when there is one) and the query (which wins, as upstream). */
    static DeleteOptions deleteOptions(ServerRequest request, tools.jackson.databind.JsonNode body) {
        Long grace = body != null && body.path("gracePeriodSeconds").isNumber() ? body.get("gracePeriodSeconds").asLong() : null;
        String policy = body != null ? blankToNull(body.path("propagationPolicy").asString(null)) : null;
        if (body != null && policy == null && body.path("orphanDependents").isBoolean()) {
            policy = body.get("orphanDependents").asBoolean() ? "Orphan" : "Background";
        }
        String uid = body != null ? blankToNull(body.path("preconditions").path("uid").asString(null)) : null;
        String rv = body != null ? blankToNull(body.path("preconditions").path("resourceVersion").asString(null)) : null;
        boolean dryRun = dryRun(request) || (body != null && body.path("dryRun").isArray()
                && body.get("dryRun").toString().contains("All"));
        Long queryGrace = longParam(request, "gracePeriodSeconds");
        String queryPolicy = blankToNull(get(request, "propagationPolicy"));
        return new DeleteOptions(queryGrace != null ? queryGrace : grace, queryPolicy != null ? queryPolicy : policy,
                uid, rv, dryRun).withUser(dev.capstan.api.security.UserInfo.of(request.exchange()).orElse(null));
    }

    static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
