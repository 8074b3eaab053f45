package dev.capstan.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.json.Json;
import dev.capstan.api.security.UserInfo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

class AuditFilterTest {

    static final UserInfo ADMIN = new UserInfo("admin", "", List.of("system:masters"), Map.of());
    static final UserInfo ALICE = new UserInfo("alice", "u-1", List.of("dev"), Map.of("scopes", List.of("a")));

    final ByteArrayOutputStream lines = new ByteArrayOutputStream();
    final AuditLogWriter writer = new AuditLogWriter(AuditLogWriter.Sink.of(lines), 100, new SimpleMeterRegistry());

    List<JsonNode> run(String policy, MockServerWebExchange exchange, WebFilterChain chain) {
        AuditFilter filter = new AuditFilter(AuditPolicy.parse(policy), writer, Clock.systemUTC(), new SimpleMeterRegistry());
        filter.filter(exchange, chain).block();
        writer.close();
        return Arrays.stream(lines.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isEmpty())
                .map(l -> (JsonNode) Json.MAPPER.readTree(l)).toList();
    }

    static String policy(String level) {
        return "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: " + level + "}]\n";
    }

    @Test
    void recordsTheImpersonatorAsUserTheImpersonatedUserAndTheAuthorizationDecision() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest
                .delete("/apis/apps/v1/namespaces/team/deployments/web").header("User-Agent", "test/1.0")
                .header("X-Forwarded-For", "10.0.0.7"));
        exchange.getAttributes().put(AuditFilter.IMPERSONATOR_ATTRIBUTE, ADMIN);
        exchange.getAttributes().put(UserInfo.ATTRIBUTE, ALICE);
        List<JsonNode> events = run(policy("Metadata"), exchange, ex -> {
            ex.getAttributes().put(AuditFilter.DECISION_ATTRIBUTE, "allow");
            ex.getAttributes().put(AuditFilter.REASON_ATTRIBUTE, "RBAC: allowed by ClusterRoleBinding \"x\"");
            return Mono.empty();
        });

        assertThat(events).extracting(e -> e.path("stage").asString()).containsExactly("RequestReceived", "ResponseComplete");
        JsonNode done = events.get(1);
        assertThat(done.path("verb").asString()).isEqualTo("delete");
        assertThat(done.path("user").path("username").asString()).isEqualTo("admin");
        assertThat(done.path("impersonatedUser").path("username").asString()).isEqualTo("alice");
        assertThat(done.path("impersonatedUser").path("uid").asString()).isEqualTo("u-1");
        assertThat(done.path("impersonatedUser").path("extra").path("scopes").get(0).asString()).isEqualTo("a");
        assertThat(done.path("objectRef").toString()).isEqualTo(
                "{\"resource\":\"deployments\",\"namespace\":\"team\",\"name\":\"web\",\"apiGroup\":\"apps\",\"apiVersion\":\"v1\"}");
        assertThat(done.path("sourceIPs").toString()).isEqualTo("[\"10.0.0.7\"]");
        assertThat(done.path("annotations").path("authorization.k8s.io/decision").asString()).isEqualTo("allow");
        assertThat(done.path("annotations").path("authorization.k8s.io/reason").asString())
                .isEqualTo("RBAC: allowed by ClusterRoleBinding \"x\"");
        assertThat(exchange.getResponse().getHeaders().getFirst("Audit-Id")).isEqualTo(done.path("auditID").asString());
    }

    @Test
    void keepsTheClientsAuditIdAndRecordsAnonymousWithoutAUser() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/healthz")
                .header("Audit-ID", "client-chosen"));
        List<JsonNode> events = run(policy("Metadata"), exchange, ex -> Mono.empty());
        assertThat(events.get(1).path("auditID").asString()).isEqualTo("client-chosen");
        assertThat(events.get(1).path("verb").asString()).isEqualTo("get");
        assertThat(events.get(1).path("user").path("username").asString()).isEqualTo("system:anonymous");
        assertThat(events.get(1).has("objectRef")).isFalse();
        assertThat(exchange.getResponse().getHeaders().getFirst("Audit-Id")).isEqualTo("client-chosen");
    }

    @Test
    void aRefusedRequestCarriesTheStatusItWasRefusedWith() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest
                .post("/api/v1/namespaces/default/pods").contentType(MediaType.APPLICATION_JSON)
                .body("{\"metadata\":{\"name\":\"p\"}}"));
        exchange.getAttributes().put(UserInfo.ATTRIBUTE, ALICE);
        List<JsonNode> events = run(policy("Request"), exchange, ex -> ex.getRequest().getBody().then(Mono.defer(() -> {
            ex.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
            byte[] status = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
                    + "\"pods is forbidden\",\"reason\":\"Forbidden\",\"code\":403}").getBytes(StandardCharsets.UTF_8);
            return ex.getResponse().writeWith(Mono.just(ex.getResponse().bufferFactory().wrap(status)));
        })));
        JsonNode done = events.get(1);
        assertThat(done.path("objectRef").path("name").asString()).isEqualTo("p");
        assertThat(done.path("requestObject").path("metadata").path("name").asString()).isEqualTo("p");
        assertThat(done.path("responseStatus").toString()).isEqualTo(
                "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"pods is forbidden\",\"reason\":\"Forbidden\",\"code\":403}");
        assertThat(done.has("responseObject")).isFalse();
    }

    @Test
    void aFailingHandlerIsRecordedAsPanic() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/pods"));
        AuditFilter filter = new AuditFilter(AuditPolicy.parse(policy("Metadata")), writer, Clock.systemUTC(),
                new SimpleMeterRegistry());
        filter.filter(exchange, ex -> Mono.error(new IllegalStateException("boom"))).onErrorResume(e -> Mono.empty()).block();
        writer.close();
        String log = lines.toString(StandardCharsets.UTF_8);
        JsonNode panic = Json.MAPPER.readTree(log.split("\n")[1]);
        assertThat(panic.path("stage").asString()).isEqualTo("Panic");
        assertThat(panic.path("responseStatus").path("code").asInt()).isEqualTo(500);
        assertThat(panic.path("responseStatus").path("message").asString()).contains("boom");
        assertThat(log.split("\n")).hasSize(2);
    }
}
