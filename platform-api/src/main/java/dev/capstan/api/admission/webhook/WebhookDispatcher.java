package dev.capstan.api.admission.webhook;

import dev.capstan.api.admission.AdmissionAttributes;
import dev.capstan.api.admission.ClusterReader;
import dev.capstan.api.admission.Operation;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.api.patch.PatchSchema;
import dev.capstan.api.patch.PatchType;
import dev.capstan.api.patch.Patches;
import dev.capstan.api.selection.LabelSelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls the webhooks of the Mutating- or ValidatingWebhookConfigurations (upstream's generic webhook dispatcher):
 * configurations by name, webhooks in order; a webhook is called when its rules, namespaceSelector and
 * objectSelector match; the AdmissionReview v1 answer allows, refuses ({@code admission webhook "x" denied the
 * request: ...}) or, for mutating webhooks, patches the object (JSONPatch). A call that fails is ignored or
 * fails the request according to {@code failurePolicy}.
 */
final class WebhookDispatcher {

    static final String GROUP = "admissionregistration.k8s.io";

    private final ClusterReader reader;
    private final String plural;
    private final boolean mutating;

    WebhookDispatcher(ClusterReader reader, String plural, boolean mutating) {
        this.reader = reader;
        this.plural = plural;
        this.mutating = mutating;
    }

    void dispatch(AdmissionAttributes a) {
        if (a.group().equals(GROUP) && a.resource().endsWith("webhookconfigurations")) {
            return; // upstream never calls webhooks on their own configurations, so a bad one can be removed
        }
        List<ObjectNode> configurations = reader.list(GROUP, plural, null).stream()
                .sorted(Comparator.comparing(c -> c.path("metadata").path("name").asString())).toList();
        for (ObjectNode configuration : configurations) {
            for (JsonNode webhook : configuration.path("webhooks")) {
                if (WebhookRules.matches(webhook, a) && namespaceMatches(webhook, a) && objectMatches(webhook, a)) {
                    call(webhook, a);
                }
            }
        }
    }

    private boolean namespaceMatches(JsonNode webhook, AdmissionAttributes a) {
        LabelSelector selector = selector(webhook.path("namespaceSelector"));
        if (selector.isEmpty()) {
            return true;
        }
        if (a.isCore("namespaces")) {
            return selector.matches(labels(a.object() != null ? a.object() : a.oldObject()));
        }
        if (!a.definition().namespaced()) {
            return true;
        }
        Optional<ObjectNode> namespace = reader.get("", "namespaces", null, a.namespace());
        return namespace.isPresent() && selector.matches(labels(namespace.get()));
    }

    private static boolean objectMatches(JsonNode webhook, AdmissionAttributes a) {
        LabelSelector selector = selector(webhook.path("objectSelector"));
        if (selector.isEmpty()) {
            return true;
        }
        return (a.object() != null && selector.matches(labels(a.object())))
                || (a.oldObject() != null && selector.matches(labels(a.oldObject())));
    }

    /** An absent selector matches everything (upstream defaults it to {}). */
    private static LabelSelector selector(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? LabelSelector.everything() : LabelSelector.fromJson(node);
    }

    private static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new HashMap<>();
        object.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        return labels;
    }

    private void call(JsonNode webhook, AdmissionAttributes a) {
        String name = webhook.path("name").asString("");
        String sideEffects = webhook.path("sideEffects").asString("Unknown");
        if (a.dryRun() && !(sideEffects.equals("None") || sideEffects.equals("NoneOnDryRun"))) {
            throw new ApiException(400, "BadRequest", "admission webhook \"" + name + "\" does not support dry run", null);
        }
        boolean failOpen = webhook.path("failurePolicy").asString("Fail").equals("Ignore");
        int timeoutSeconds = webhook.path("timeoutSeconds").asInt(10);
        String uid = UUID.randomUUID().toString();
        ObjectNode answer;
        URI uri = null;
        try {
            WebhookEndpoint endpoint = WebhookEndpoint.resolve(webhook.path("clientConfig"), reader);
            uri = URI.create(endpoint.uri() + (endpoint.uri().getRawQuery() == null ? "?" : "&")
                    + "timeout=" + timeoutSeconds + "s");
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeoutSeconds))
                    .sslContext(WebhookTls.context(webhook.path("clientConfig").path("caBundle").asString(""),
                            endpoint.serverName())).build();
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(timeoutSeconds)).header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(AdmissionReviews.request(uid, a)))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() < 200 || response.statusCode() >= 300) {
                throw new IllegalStateException("received invalid webhook response status code " + response.statusCode());
            }
            answer = Json.parseObject(response.body());
            if (!uid.equals(answer.path("response").path("uid").asString(""))) {
                throw new IllegalStateException("expected response.uid=\"" + uid + "\", got \""
                        + answer.path("response").path("uid").asString("") + "\"");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiErrors.internal("failed calling webhook \"" + name + "\": interrupted");
        } catch (Exception e) {
            if (failOpen) {
                return;
            }
            String target = uri == null ? "" : "Post \"" + uri + "\": ";
            throw ApiErrors.internal("failed calling webhook \"" + name + "\": failed to call webhook: " + target
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        apply(name, answer.path("response"), a);
    }

    private void apply(String name, JsonNode response, AdmissionAttributes a) {
        response.path("warnings").forEach(w -> a.warn(w.asString()));
        // upstream prefixes each with the webhook's name: "<webhook>/<key>" in the request's audit events
        response.path("auditAnnotations").properties()
                .forEach(entry -> a.addAuditAnnotation(name + "/" + entry.getKey(), entry.getValue().asString("")));
        if (!response.path("allowed").asBoolean(false)) {
            throw AdmissionReviews.denied(name, response.path("status"));
        }
        if (!mutating || !response.path("patch").isString() || a.object() == null) {
            return;
        }
        if (!"JSONPatch".equals(response.path("patchType").asString(""))) {
            throw ApiErrors.internal("received invalid webhook response: unsupported patch type \""
                    + response.path("patchType").asString("") + "\"");
        }
        byte[] patch = Base64.getDecoder().decode(response.get("patch").asString());
        ObjectNode patched = Patches.apply(PatchType.JSON, a.object().deepCopy(), patch, PatchSchema.none());
        a.object().removeAll();
        a.object().setAll(patched);
    }

    static boolean handles(Operation operation) {
        return operation != Operation.CONNECT;
    }
}
