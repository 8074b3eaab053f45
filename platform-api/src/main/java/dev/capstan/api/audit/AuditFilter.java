package dev.capstan.api.audit;

import dev.capstan.api.json.Json;
import dev.capstan.api.json.ProtobufBodies;
import dev.capstan.api.security.UserInfo;
import dev.capstan.api.security.authn.CredentialsConverter;
import dev.capstan.api.web.RequestInfo;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit log, as upstream's audit filter: every request gets an audit ID (the client's {@code Audit-ID}
 * header, else a new UUID) returned in the {@code Audit-Id} response header; the policy's first matching rule
 * decides its level, and events of audit.k8s.io/v1 are written at each stage the rule does not omit. Bodies
 * are copied only when the level records them (request bodies from Request on, response bodies at
 * RequestResponse, never a watch's stream), plus the small pieces Metadata needs (a created object's name, an
 * error's Status).
 *
 * <p>Runs right after authentication ({@link #ORDER}), so the user is known and requests that authorization or
 * admission refuse are audited too. Reads, when other filters set them: {@code capstan.impersonator} (the
 * authenticated user when the request impersonates another, which is then {@link UserInfo#ATTRIBUTE}) and
 * {@code capstan.authz.decision}/{@code capstan.authz.reason} (the annotations authorization.k8s.io/decision
 * and authorization.k8s.io/reason).
 */
public final class AuditFilter implements WebFilter, Ordered {

    /** Just after Spring Security's WebFilterChainProxy (-100), where authentication sets the user. */
    public static final int ORDER = -99;
    public static final String AUDIT_ID_HEADER = "Audit-Id";
    public static final String IMPERSONATOR_ATTRIBUTE = "capstan.impersonator";
    public static final String DECISION_ATTRIBUTE = "capstan.authz.decision";
    public static final String REASON_ATTRIBUTE = "capstan.authz.reason";

    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    /** The user of a request whose credentials were refused: written as {@code "user":{}}, as upstream. */
    private static final UserInfo NO_USER = new UserInfo("", "", List.of(), Map.of());
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    private final AuditPolicy policy;
    private final AuditLogWriter writer;
    private final Clock clock;
    private final MeterRegistry meters;

    /** With a null policy or writer only the Audit-Id header is set (auditing is off, as upstream without a policy). */
    public AuditFilter(AuditPolicy policy, AuditLogWriter writer, Clock clock, MeterRegistry meters) {
        this.policy = policy;
        this.writer = writer;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Audit audit = begin(exchange, user(exchange), null);
        if (audit == null) {
            return chain.filter(exchange);
        }
        audit.emit(AuditStage.RequestReceived, null);
        ServerHttpRequest request = exchange.getRequest();
        String verb = audit.verb;

        boolean watch = verb.equals("watch");
        boolean captureRequest = WITH_BODY.contains(request.getMethod())
                && (audit.decision.level().atLeast(AuditLevel.Request) || verb.equals("create"));
        ServerHttpRequest auditedRequest = captureRequest ? new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().map(audit.requestBody::copy);
            }
        } : request;
        ServerHttpResponse response = exchange.getResponse();
        ServerHttpResponse auditedResponse = watch ? response : new ServerHttpResponseDecorator(response) {
            @Override
            public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                if (!audit.capturesResponse()) {
                    return super.writeWith(body);
                }
                return super.writeWith(Flux.from(body).map(audit.responseBody::copy));
            }

            @Override
            public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
                if (!audit.capturesResponse()) {
                    return super.writeAndFlushWith(body);
                }
                return super.writeAndFlushWith(Flux.from(body).map(part -> Flux.from(part).map(audit.responseBody::copy)));
            }
        };
        if (watch) {
            response.beforeCommit(() -> {
                audit.emit(AuditStage.ResponseStarted, null);
                return Mono.empty();
            });
        }
        ServerWebExchange audited = exchange.mutate().request(auditedRequest).response(auditedResponse).build();
        return chain.filter(audited)
                .doOnError(error -> audit.emit(AuditStage.Panic, error))
                .doOnSuccess(done -> audit.emit(AuditStage.ResponseComplete, null))
                .doOnCancel(() -> audit.emit(AuditStage.ResponseComplete, null));
    }

    /**
     * Audits a request whose credentials were refused, as upstream's WithFailedAuthenticationAudit: the policy is
     * evaluated without a user (rules naming users or groups do not match), and one event is written at stage
     * ResponseStarted with an empty user, code 401 and the kinds of credentials tried. Call before writing the 401.
     */
    public void auditFailedAuthentication(ServerWebExchange exchange) {
        Audit audit = begin(exchange, NO_USER, attemptedCredentials(exchange.getRequest()));
        if (audit != null) {
            audit.emit(AuditStage.ResponseStarted, null);
        }
    }

    /** Sets the Audit-Id header; the request's audit when the policy records it, else null. */
    private Audit begin(ServerWebExchange exchange, UserInfo user, String authenticationFailure) {
        ServerHttpRequest request = exchange.getRequest();
        String given = request.getHeaders().getFirst("Audit-ID");
        String auditId = given != null && !given.isBlank() ? given : UUID.randomUUID().toString();
        exchange.getResponse().getHeaders().set(AUDIT_ID_HEADER, auditId);
        if (policy == null || writer == null) {
            return null;
        }
        Instant received = clock.instant();
        String path = request.getPath().value();
        RequestInfo info = path.startsWith("/api") ? RequestInfo.parse(path) : null;
        boolean resource = info != null && info.resource() != null;
        String verb = resource ? verb(request, info) : request.getMethod().name().toLowerCase(Locale.ROOT);
        AuditRequest attributes = resource
                ? new AuditRequest(user, verb, path, info.group(), info.resource(), info.subresource(), info.namespace(), info.name())
                : new AuditRequest(user, verb, path, null, null, null, null, null);
        AuditPolicy.Decision decision = policy.evaluate(attributes);
        meters.counter("apiserver.audit.level", "level", decision.level().name()).increment();
        if (decision.level() == AuditLevel.None) {
            return null;
        }
        return new Audit(exchange, decision, auditId, verb, info, resource, received, AuditAnnotations.attach(exchange),
                authenticationFailure);
    }

    /** Upstream's message for a refused request: which credentials it carried. */
    static String attemptedCredentials(ServerHttpRequest request) {
        List<String> methods = new ArrayList<>();
        String authorization = request.getHeaders().getFirst("Authorization");
        if (authorization != null && authorization.trim().regionMatches(true, 0, "basic ", 0, 6)) {
            methods.add("basic");
        }
        if (CredentialsConverter.bearerToken(authorization) != null) {
            methods.add("bearer");
        }
        String token = request.getQueryParams().getFirst("access_token");
        if (token != null && !token.isBlank()) {
            methods.add("access_token");
        }
        var ssl = request.getSslInfo();
        if (ssl != null && ssl.getPeerCertificates() != null && ssl.getPeerCertificates().length > 0) {
            methods.add("x509");
        }
        return methods.isEmpty() ? "Authentication failed, no credentials provided"
                : "Authentication failed, attempted: " + String.join(", ", methods);
    }

    private static UserInfo user(ServerWebExchange exchange) {
        return exchange.getAttribute(IMPERSONATOR_ATTRIBUTE) instanceof UserInfo impersonator
                ? impersonator : UserInfo.of(exchange).orElse(UserInfo.anonymous());
    }

    static String verb(ServerHttpRequest request, RequestInfo info) {
        HttpMethod method = request.getMethod();
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            String watch = request.getQueryParams().getFirst("watch");
            if ("true".equals(watch) || "1".equals(watch)) {
                return "watch";
            }
            return info.name() == null ? "list" : "get";
        }
        if (HttpMethod.POST.equals(method)) {
            return "create";
        }
        if (HttpMethod.PUT.equals(method)) {
            return "update";
        }
        if (HttpMethod.PATCH.equals(method)) {
            return "patch";
        }
        if (HttpMethod.DELETE.equals(method)) {
            return info.name() == null ? "deletecollection" : "delete";
        }
        return method.name().toLowerCase(Locale.ROOT);
    }

    /** One audited request: its fixed fields and the bodies seen so far. */
    private final class Audit {

        final ServerWebExchange exchange;
        final AuditPolicy.Decision decision;
        final String auditId;
        final String verb;
        final RequestInfo info;
        final boolean resource;
        final Instant received;
        final BodyCapture requestBody = new BodyCapture();
        final BodyCapture responseBody = new BodyCapture();
        final AtomicBoolean completed = new AtomicBoolean();
        final Map<String, String> annotations;
        /** Upstream's message for a request refused by authentication, else null. */
        final String authenticationFailure;

        Audit(ServerWebExchange exchange, AuditPolicy.Decision decision, String auditId, String verb, RequestInfo info,
                boolean resource, Instant received, Map<String, String> annotations, String authenticationFailure) {
            this.annotations = annotations;
            this.authenticationFailure = authenticationFailure;
            this.exchange = exchange;
            this.decision = decision;
            this.auditId = auditId;
            this.verb = verb;
            this.info = info;
            this.resource = resource;
            this.received = received;
        }

        /** The response body is needed at RequestResponse, and for an error's Status at any level. */
        boolean capturesResponse() {
            var status = exchange.getResponse().getStatusCode();
            return decision.level().atLeast(AuditLevel.RequestResponse) || (status != null && status.value() >= 400);
        }

        void emit(AuditStage stage, Throwable error) {
            boolean last = stage == AuditStage.ResponseComplete || stage == AuditStage.Panic;
            if (last && !completed.compareAndSet(false, true)) {
                return;
            }
            if (decision.omitStages().contains(stage)) {
                return;
            }
            try {
                writer.submit(Json.write(event(stage, error)));
            } catch (RuntimeException e) {
                meters.counter("apiserver.audit.error", "plugin", "log").increment();
            }
        }

        private ObjectNode event(AuditStage stage, Throwable error) {
            ServerHttpRequest request = exchange.getRequest();
            ObjectNode event = Json.object();
            event.put("kind", "Event");
            event.put("apiVersion", "audit.k8s.io/v1");
            event.put("level", decision.level().name());
            event.put("auditID", auditId);
            event.put("stage", stage.name());
            String query = request.getURI().getRawQuery();
            event.put("requestURI", request.getPath().value() + (query == null ? "" : "?" + query));
            event.put("verb", verb);
            Object impersonator = exchange.getAttribute(IMPERSONATOR_ATTRIBUTE);
            if (authenticationFailure != null) {
                event.set("user", user(NO_USER));
            } else if (impersonator instanceof UserInfo original) {
                event.set("user", user(original));
                UserInfo.of(exchange).ifPresent(target -> event.set("impersonatedUser", user(target)));
            } else {
                event.set("user", user(UserInfo.of(exchange).orElse(UserInfo.anonymous())));
            }
            ArrayNode ips = event.putArray("sourceIPs");
            sourceIps(request).forEach(ips::add);
            String agent = request.getHeaders().getFirst("User-Agent");
            if (agent != null) {
                event.put("userAgent", agent);
            }
            JsonNode requestObject = stage == AuditStage.RequestReceived ? null : decode(requestBody.bytes(),
                    request.getHeaders().getContentType());
            if (resource) {
                event.set("objectRef", objectRef(requestObject));
            }
            if (stage != AuditStage.RequestReceived) {
                event.set("responseStatus", responseStatus(stage, error));
            }
            if (requestObject != null && decision.level().atLeast(AuditLevel.Request)) {
                event.set("requestObject", withoutManagedFields(requestObject));
            }
            if (stage == AuditStage.ResponseComplete && decision.level().atLeast(AuditLevel.RequestResponse)) {
                JsonNode responseObject = decode(responseBody.bytes(), exchange.getResponse().getHeaders().getContentType());
                if (responseObject != null) {
                    event.set("responseObject", withoutManagedFields(responseObject));
                }
            }
            event.put("requestReceivedTimestamp", MICRO_TIME.format(received));
            event.put("stageTimestamp", MICRO_TIME.format(clock.instant()));
            ObjectNode annotations = annotations();
            if (!annotations.isEmpty()) {
                event.set("annotations", annotations);
            }
            return event;
        }

        private ObjectNode objectRef(JsonNode requestObject) {
            ObjectNode ref = Json.object();
            ref.put("resource", info.resource());
            String namespace = info.namespace();
            String name = info.name();
            if (requestObject != null && requestObject.path("metadata").isObject()) {
                // upstream completes the reference from the decoded object (a create names it only in the body)
                JsonNode metadata = requestObject.path("metadata");
                if (namespace == null && metadata.path("namespace").isString()) {
                    namespace = metadata.path("namespace").asString();
                }
                if (name == null && metadata.path("name").isString() && info.subresource() == null) {
                    name = metadata.path("name").asString();
                }
            }
            if (namespace != null) {
                ref.put("namespace", namespace);
            }
            if (name != null) {
                ref.put("name", name);
            }
            if (!info.group().isEmpty()) {
                ref.put("apiGroup", info.group());
            }
            ref.put("apiVersion", info.version());
            if (info.subresource() != null) {
                ref.put("subresource", info.subresource());
            }
            return ref;
        }

        private ObjectNode responseStatus(AuditStage stage, Throwable error) {
            ObjectNode status = Json.object();
            status.putObject("metadata");
            if (authenticationFailure != null) {
                status.put("message", authenticationFailure);
                status.put("code", 401);
                return status;
            }
            if (stage == AuditStage.Panic) {
                status.put("status", "Failure");
                status.put("message", "APIServer panic'd: " + error);
                status.put("reason", "InternalError");
                status.put("code", 500);
                return status;
            }
            var code = exchange.getResponse().getStatusCode();
            int value = code == null ? 200 : code.value();
            if (value >= 400 && stage == AuditStage.ResponseComplete) {
                JsonNode body = decode(responseBody.bytes(), exchange.getResponse().getHeaders().getContentType());
                if (body != null && "Status".equals(body.path("kind").asString(""))) {
                    for (String field : List.of("status", "message", "reason", "details")) {
                        if (body.has(field)) {
                            status.set(field, body.get(field));
                        }
                    }
                }
            }
            status.put("code", value);
            return status;
        }

        private ObjectNode annotations() {
            ObjectNode annotations = Json.object();
            Object decision = exchange.getAttribute(DECISION_ATTRIBUTE);
            if (decision != null) {
                String text = decision.toString().toLowerCase(Locale.ROOT);
                annotations.put("authorization.k8s.io/decision", text.equals("allow") ? "allow" : "forbid");
                Object reason = exchange.getAttribute(REASON_ATTRIBUTE);
                annotations.put("authorization.k8s.io/reason", reason == null ? "" : reason.toString());
            }
            synchronized (this.annotations) {
                this.annotations.forEach(annotations::put);
            }
            return annotations;
        }

        private JsonNode withoutManagedFields(JsonNode object) {
            if (decision.omitManagedFields() && object.path("metadata") instanceof ObjectNode metadata) {
                JsonNode copy = object.deepCopy();
                ((ObjectNode) copy.path("metadata")).remove("managedFields");
                return copy;
            }
            return object;
        }
    }

    private static ObjectNode user(UserInfo user) {
        return user.writeTo(Json.object());
    }

    /** As upstream: the X-Forwarded-For chain, then X-Real-Ip, then the peer address, without duplicates. */
    private static List<String> sourceIps(ServerHttpRequest request) {
        List<String> ips = new ArrayList<>();
        String forwarded = request.getHeaders().getFirst("X-Forwarded-For");
        if (forwarded != null) {
            for (String part : forwarded.split(",")) {
                if (!part.isBlank() && !ips.contains(part.trim())) {
                    ips.add(part.trim());
                }
            }
        }
        String real = request.getHeaders().getFirst("X-Real-Ip");
        if (real != null && !real.isBlank() && !ips.contains(real.trim())) {
            ips.add(real.trim());
        }
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote != null && remote.getAddress() != null) {
            String peer = remote.getAddress().getHostAddress();
            if (!ips.contains(peer)) {
                ips.add(peer);
            }
        }
        return ips;
    }

    /** A captured body as JSON (protobuf bodies decoded), or null when there is none or it is neither. */
    private static JsonNode decode(byte[] body, MediaType type) {
        if (body == null) {
            return null;
        }
        try {
            if (type != null && ProtobufBodies.isProtobuf(type.toString())) {
                return ProtobufBodies.decode(body);
            }
            return Json.MAPPER.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
