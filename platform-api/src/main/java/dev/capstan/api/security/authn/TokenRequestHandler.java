package dev.capstan.api.security.authn;

import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.api.validation.FieldError;
import dev.capstan.api.validation.InvalidMessage;
import dev.capstan.api.web.RequestBodies;
import dev.capstan.api.web.Responses;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code serviceaccounts/token} subresource (upstream's TokenREST): {@code POST .../serviceaccounts/{name}/token}
 * with an authentication.k8s.io/v1 TokenRequest mints a token for the ServiceAccount, for the requested audiences
 * (default: the API's), lasting {@code spec.expirationSeconds} (default 3600, at least 600), optionally bound to a
 * Pod or Secret of the namespace; the answer (201) is the TokenRequest with {@code status.token} and
 * {@code status.expirationTimestamp}. This is what {@code kubectl create token} and the kubelet call.
 */
public final class TokenRequestHandler {

    static final String GROUP = "authentication.k8s.io";
    static final long DEFAULT_EXPIRATION_SECONDS = 3600;
    static final long MIN_EXPIRATION_SECONDS = 600;
    static final long MAX_EXPIRATION_SECONDS = 4294967295L; // math.MaxUint32

    private final ServiceAccountTokens tokens;
    private final CoreObjects objects;

    /** The subresource's discovery entry in /api/v1, as upstream's: create-only, kind TokenRequest of authentication.k8s.io/v1. */
    public static ObjectNode discovery() {
        ObjectNode entry = Json.object();
        entry.put("name", "serviceaccounts/token");
        entry.put("singularName", "");
        entry.put("namespaced", true);
        entry.put("group", "authentication.k8s.io");
        entry.put("version", "v1");
        entry.put("kind", "TokenRequest");
        entry.putArray("verbs").add("create");
        return entry;
    }

    public TokenRequestHandler(ServiceAccountTokens tokens, CoreObjects objects) {
        this.tokens = tokens;
        this.objects = objects;
    }

    public Mono<ServerResponse> create(ServerRequest request) {
        String namespace = request.pathVariable("namespace");
        String name = request.pathVariable("name");
        return RequestBodies.read(request)
                .map(body -> body.length == 0 ? Json.object() : RequestBodies.decode(request, body))
                .flatMap(body -> mint(namespace, name, body))
                .flatMap(answer -> Responses.json(201, answer))
                .onErrorResume(ApiException.class, Responses::error);
    }

    Mono<ObjectNode> mint(String namespace, String name, ObjectNode body) {
        ObjectNode spec = body.path("spec").isObject() ? (ObjectNode) body.get("spec") : body.putObject("spec");
        long expirationSeconds = spec.path("expirationSeconds").isNumber() ? spec.get("expirationSeconds").asLong()
                : DEFAULT_EXPIRATION_SECONDS;
        spec.put("expirationSeconds", expirationSeconds);
        List<FieldError> errors = validate(expirationSeconds);
        if (!errors.isEmpty()) {
            return Mono.error(new ApiException(422, "Invalid", InvalidMessage.of(GROUP, "TokenRequest", name, errors),
                    new ApiException.Details(name, GROUP, "TokenRequest",
                            errors.stream().map(e -> new ApiException.Cause(e.type(), e.body(), e.field())).toList(),
                            null)));
        }
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asString()));
        if (audiences.isEmpty()) {
            audiences.addAll(tokens.apiAudiences());
            var array = spec.putArray("audiences");
            audiences.forEach(array::add);
        }
        JsonNode boundRef = spec.path("boundObjectRef");
        return objects.get("serviceaccounts", namespace, name)
                .switchIfEmpty(Mono.error(() -> ApiErrors.notFound(objects.definition("serviceaccounts"), name)))
                .flatMap(account -> bound(namespace, name, boundRef).map(binding -> {
                    String accountUid = account.path("metadata").path("uid").asString("");
                    ServiceAccountTokens.Minted minted = tokens.issue(namespace, name, accountUid, audiences,
                            Duration.ofSeconds(expirationSeconds), binding.pod(), binding.secret());
                    return answer(body, namespace, name, minted);
                }));
    }

    static List<FieldError> validate(long expirationSeconds) {
        List<FieldError> errors = new ArrayList<>();
        if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
            errors.add(FieldError.invalid("spec.expirationSeconds", expirationSeconds,
                    "may not specify a duration less than 10 minutes"));
        }
        if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
            errors.add(FieldError.invalid("spec.expirationSeconds", expirationSeconds,
                    "may not specify a duration larger than 2^32 seconds"));
        }
        return errors;
    }

    private record Binding(ServiceAccountTokens.ObjectRef pod, ServiceAccountTokens.ObjectRef secret) {
    }

    /** Resolves spec.boundObjectRef: the Pod (running as this ServiceAccount) or Secret it names, with its uid. */
    private Mono<Binding> bound(String namespace, String account, JsonNode ref) {
        if (!ref.isObject()) {
            return Mono.just(new Binding(null, null));
        }
        String kind = ref.path("kind").asString("");
        String apiVersion = ref.path("apiVersion").asString("");
        String refName = ref.path("name").asString("");
        String refUid = ref.path("uid").asString("");
        String plural = switch (kind) {
            case "Pod" -> "pods";
            case "Secret" -> "secrets";
            default -> null;
        };
        if (plural == null || !(apiVersion.isEmpty() || apiVersion.equals("v1"))) {
            String gvk = (apiVersion.isEmpty() ? "" : apiVersion.contains("/") ? apiVersion : "/" + apiVersion)
                    + ", Kind=" + kind;
            return Mono.error(ApiErrors.badRequest("cannot bind token to object of type " + gvk));
        }
        return objects.get(plural, namespace, refName)
                .switchIfEmpty(Mono.error(() -> ApiErrors.notFound(objects.definition(plural), refName)))
                .flatMap(object -> {
                    String uid = object.path("metadata").path("uid").asString("");
                    if (plural.equals("pods") && !account.equals(object.path("spec").path("serviceAccountName").asString(""))) {
                        return Mono.error(ApiErrors.badRequest("cannot bind token for serviceaccount \"" + account
                                + "\" to pod running with different serviceaccount name."));
                    }
                    if (!refUid.isEmpty() && !refUid.equals(uid)) {
                        return Mono.error(new ApiException(409, "Conflict", "Operation cannot be fulfilled on "
                                + kind + " \"" + refName + "\": the UID in the bound object reference (" + refUid
                                + ") does not match the UID in record. The object might have been deleted and then recreated",
                                ApiException.Details.of(refName, "", kind)));
                    }
                    var objectRef = new ServiceAccountTokens.ObjectRef(refName, uid);
                    return Mono.just(plural.equals("pods") ? new Binding(objectRef, null) : new Binding(null, objectRef));
                });
    }

    private ObjectNode answer(ObjectNode request, String namespace, String name, ServiceAccountTokens.Minted minted) {
        ObjectNode out = Json.object();
        out.put("kind", "TokenRequest");
        out.put("apiVersion", GROUP + "/v1");
        ObjectNode metadata = out.putObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        metadata.put("creationTimestamp", DateTimeFormatter.ISO_INSTANT.format(
                tokens.clock().instant().truncatedTo(ChronoUnit.SECONDS)));
        out.set("spec", request.get("spec"));
        ObjectNode status = out.putObject("status");
        status.put("token", minted.token());
        status.put("expirationTimestamp", DateTimeFormatter.ISO_INSTANT.format(minted.expiration()));
        return out;
    }
}
