package dev.capstan.api.security.rbac;

import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.api.security.Authorizer;
import dev.capstan.api.security.RequestAttributes;
import dev.capstan.api.security.UserInfo;
import dev.capstan.api.web.RequestBodies;
import dev.capstan.api.web.Responses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The authorization.k8s.io/v1 reviews, create-only and never stored, as upstream answers them:
 * SelfSubjectAccessReview and SubjectAccessReview (may this user do this?), LocalSubjectAccessReview (the same in
 * one namespace) and SelfSubjectRulesReview (what may I do in this namespace?). {@code kubectl auth can-i} uses them.
 */
public final class AccessReviews {

    public static final String GROUP = "authorization.k8s.io";
    private static final String BASE = "/apis/authorization.k8s.io/v1";

    private final Authorizer authorizer;
    private final RbacAuthorizer rbac;

    public AccessReviews(Authorizer authorizer, RbacAuthorizer rbac) {
        this.authorizer = authorizer;
        this.rbac = rbac;
    }

    /** The APIResources of authorization.k8s.io/v1 as upstream's discovery lists them: create-only. */
    public static List<ObjectNode> discovery() {
        List<ObjectNode> resources = new ArrayList<>();
        for (String[] r : new String[][] {{"localsubjectaccessreviews", "LocalSubjectAccessReview", "true"},
                {"selfsubjectaccessreviews", "SelfSubjectAccessReview", "false"},
                {"selfsubjectrulesreviews", "SelfSubjectRulesReview", "false"},
                {"subjectaccessreviews", "SubjectAccessReview", "false"}}) {
            ObjectNode resource = Json.object();
            resource.put("name", r[0]);
            resource.put("singularName", r[1].toLowerCase(java.util.Locale.ROOT));
            resource.put("namespaced", Boolean.parseBoolean(r[2]));
            resource.put("kind", r[1]);
            resource.putArray("verbs").add("create");
            resources.add(resource);
        }
        return resources;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST(BASE + "/selfsubjectaccessreviews", r -> review(r, "SelfSubjectAccessReview", null, true))
                .POST(BASE + "/subjectaccessreviews", r -> review(r, "SubjectAccessReview", null, false))
                .POST(BASE + "/namespaces/{namespace}/localsubjectaccessreviews",
                        r -> review(r, "LocalSubjectAccessReview", r.pathVariable("namespace"), false))
                .POST(BASE + "/selfsubjectrulesreviews", this::rulesReview)
                .build();
    }

    private static UserInfo requester(ServerRequest request) {
        return UserInfo.of(request.exchange()).orElseGet(UserInfo::anonymous);
    }

    private Mono<ServerResponse> review(ServerRequest request, String kind, String namespace, boolean self) {
        return RequestBodies.read(request).flatMap(bytes -> {
            try {
                ObjectNode body = RequestBodies.decode(request, bytes);
                ObjectNode result = accessReview(body, kind, namespace, self ? requester(request) : null);
                return Responses.json(201, result);
            } catch (ApiException e) {
                return Responses.error(e);
            }
        });
    }

    /** Answers an access review; {@code self} is the requester for a self review, null to take the user from the spec. */
    ObjectNode accessReview(ObjectNode body, String kind, String namespace, UserInfo self) {
        JsonNode spec = body.path("spec");
        JsonNode resource = spec.get("resourceAttributes");
        JsonNode nonResource = spec.get("nonResourceAttributes");
        boolean hasResource = resource != null && resource.isObject();
        boolean hasNonResource = nonResource != null && nonResource.isObject();
        if (hasResource == hasNonResource) {
            throw invalid(kind, hasResource ? "spec.nonResourceAttributes" : "spec.resourceAttributes",
                    hasResource ? "cannot be specified in combination with resourceAttributes"
                            : "exactly one of nonResourceAttributes or resourceAttributes must be specified");
        }
        UserInfo user = self != null ? self : userFromSpec(spec, kind);
        if (namespace != null && hasResource && !namespace.equals(text(resource, "namespace"))) {
            throw invalid(kind, "spec.resourceAttributes.namespace",
                    "must match namespace: " + namespace);
        }
        RequestAttributes attributes = hasResource
                ? RequestAttributes.resource(user, text(resource, "verb"), text(resource, "group"),
                        text(resource, "version"), text(resource, "resource"), text(resource, "subresource"),
                        text(resource, "namespace"), text(resource, "name"))
                : RequestAttributes.nonResource(user, text(nonResource, "verb"), text(nonResource, "path"));
        Authorizer.Decision decision = authorizer.authorize(attributes);
        ObjectNode result = Json.object();
        result.put("kind", kind);
        result.put("apiVersion", GROUP + "/v1");
        ObjectNode metadata = body.path("metadata").isObject() ? ((ObjectNode) body.get("metadata")).deepCopy() : Json.object();
        if (!metadata.has("creationTimestamp")) {
            metadata.putNull("creationTimestamp");
        }
        result.set("metadata", metadata);
        result.set("spec", spec.deepCopy());
        ObjectNode status = result.putObject("status");
        status.put("allowed", decision.outcome() == Authorizer.Outcome.ALLOW);
        if (decision.outcome() == Authorizer.Outcome.DENY) {
            status.put("denied", true);
        }
        if (decision.reason() != null && !decision.reason().isEmpty()) {
            status.put("reason", decision.reason());
        }
        return result;
    }

    private static UserInfo userFromSpec(JsonNode spec, String kind) {
        String name = text(spec, "user");
        List<String> groups = new ArrayList<>();
        spec.path("groups").forEach(g -> groups.add(g.asString()));
        if (name.isEmpty() && groups.isEmpty()) {
            throw invalid(kind, "spec.user", "at least one of user or group must be specified");
        }
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : spec.path("extra").properties()) {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asString()));
            extra.put(e.getKey(), values);
        }
        return new UserInfo(name, text(spec, "uid"), groups, extra);
    }

    private Mono<ServerResponse> rulesReview(ServerRequest request) {
        UserInfo user = requester(request);
        return RequestBodies.read(request).flatMap(bytes -> {
            try {
                ObjectNode body = RequestBodies.decode(request, bytes);
                return Responses.json(201, rulesReview(body, user));
            } catch (ApiException e) {
                return Responses.error(e);
            }
        });
    }

    /** Upstream's SelfSubjectRulesReview: the rules RBAC grants the user in spec.namespace (and cluster-wide). */
    ObjectNode rulesReview(ObjectNode body, UserInfo user) {
        String namespace = text(body.path("spec"), "namespace");
        if (namespace.isEmpty()) {
            throw invalid("SelfSubjectRulesReview", "spec.namespace", "must not be empty");
        }
        ObjectNode result = Json.object();
        result.put("kind", "SelfSubjectRulesReview");
        result.put("apiVersion", GROUP + "/v1");
        result.putObject("metadata").putNull("creationTimestamp");
        result.set("spec", body.path("spec").deepCopy());
        ObjectNode status = result.putObject("status");
        ArrayNode resourceRules = status.putArray("resourceRules");
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        List<String> errors = new ArrayList<>();
        rbac.visitRulesFor(user, namespace, (source, rules, error) -> {
            if (error != null) {
                errors.add(error);
                return true;
            }
            for (PolicyRule rule : rules) {
                if (!rule.resources().isEmpty()) {
                    ObjectNode r = resourceRules.addObject();
                    strings(r, "verbs", rule.verbs());
                    strings(r, "apiGroups", rule.apiGroups());
                    strings(r, "resources", rule.resources());
                    strings(r, "resourceNames", rule.resourceNames());
                }
                if (!rule.nonResourceURLs().isEmpty()) {
                    ObjectNode r = nonResourceRules.addObject();
                    strings(r, "verbs", rule.verbs());
                    strings(r, "nonResourceURLs", rule.nonResourceURLs());
                }
            }
            return true;
        });
        status.put("incomplete", !errors.isEmpty());
        if (!errors.isEmpty()) {
            status.put("evaluationError", String.join(", ", errors));
        }
        return result;
    }

    private static void strings(ObjectNode target, String field, List<String> values) {
        if (values.isEmpty() && !"verbs".equals(field)) {
            return;
        }
        ArrayNode array = target.putArray(field);
        values.forEach(array::add);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    private static ApiException invalid(String kind, String field, String detail) {
        return new ApiException(422, "Invalid", kind + ".authorization.k8s.io \"\" is invalid: " + field + ": "
                + "Invalid value: \"null\": " + detail,
                new ApiException.Details(null, GROUP, kind, List.of(new ApiException.Cause("FieldValueInvalid",
                        "Invalid value: \"null\": " + detail, field)), null));
    }
}
