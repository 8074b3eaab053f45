package dev.capstan.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The audit log as an operator reads it: who did what, at the level the policy asks for. */
class AuditLogIT {

    static final AuditLogFile AUDIT = new AuditLogFile("""
                    apiVersion: audit.k8s.io/v1
                    kind: Policy
                    rules:
                      - level: None
                        nonResourceURLs: ["/version", "/healthz*", "/openapi/*", "/api", "/apis", "/apis/*"]
                      - level: None
                        users: ["admin"]
                        namespaces: ["quiet"]
                      - level: Metadata
                        resources: [{group: "", resources: ["secrets"]}]
                      - level: RequestResponse
                        resources: [{group: "", resources: ["configmaps"]}]
                        omitStages: ["RequestReceived"]
                      - level: Metadata
                    """);

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(AUDIT.serverArgs());

    static Kubectl kubectl;

    @BeforeAll
    static void connect() {
        kubectl = new Kubectl(SERVER.kubeconfig());
    }

    static List<JsonNode> events() {
        return AUDIT.events();
    }

    static JsonNode awaitEvent(Predicate<JsonNode> match) {
        return AUDIT.awaitEvent(match, Duration.ofSeconds(30));
    }

    static Predicate<JsonNode> about(String verb, String resource, String namespace, String name, String stage) {
        return e -> e.path("verb").asString().equals(verb) && e.path("stage").asString().equals(stage)
                && e.path("objectRef").path("resource").asString().equals(resource)
                && e.path("objectRef").path("namespace").asString().equals(namespace)
                && e.path("objectRef").path("name").asString().equals(name);
    }

    @Test
    void aSecretCreatedByAdminIsRecordedAtMetadataWithoutItsData() throws Exception {
        kubectl.run("create", "secret", "generic", "x", "--from-literal=password=topsecret-value").ok();

        JsonNode done = awaitEvent(about("create", "secrets", "default", "x", "ResponseComplete"));
        assertThat(done.path("apiVersion").asString()).isEqualTo("audit.k8s.io/v1");
        assertThat(done.path("kind").asString()).isEqualTo("Event");
        assertThat(done.path("level").asString()).isEqualTo("Metadata");
        assertThat(done.path("user").path("username").asString()).isEqualTo("admin");
        assertThat(done.path("user").path("groups").toString()).contains("system:masters", "system:authenticated");
        assertThat(done.path("objectRef").path("apiVersion").asString()).isEqualTo("v1");
        assertThat(done.path("responseStatus").path("code").asInt()).isEqualTo(201);
        assertThat(done.path("sourceIPs").get(0).asString()).isEqualTo("127.0.0.1");
        assertThat(done.path("userAgent").asString()).startsWith("kubectl");
        assertThat(done.path("requestURI").asString()).startsWith("/api/v1/namespaces/default/secrets");
        assertThat(done.has("requestObject")).isFalse();
        assertThat(done.has("responseObject")).isFalse();
        assertThat(done.path("requestReceivedTimestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");

        String auditId = done.path("auditID").asString();
        assertThat(events()).anySatisfy(e -> {
            assertThat(e.path("auditID").asString()).isEqualTo(auditId);
            assertThat(e.path("stage").asString()).isEqualTo("RequestReceived");
        });
        assertThat(AUDIT.text()).doesNotContain("topsecret-value")
                .doesNotContain(java.util.Base64.getEncoder().encodeToString("topsecret-value".getBytes()));
    }

    @Test
    void aFailedRequestCarriesItsStatus() {
        kubectl.run("get", "secret", "missing");
        JsonNode done = awaitEvent(about("get", "secrets", "default", "missing", "ResponseComplete"));
        assertThat(done.path("responseStatus").path("code").asInt()).isEqualTo(404);
        assertThat(done.path("responseStatus").path("reason").asString()).isEqualTo("NotFound");
        assertThat(done.path("responseStatus").path("status").asString()).isEqualTo("Failure");
        assertThat(done.path("responseStatus").path("message").asString()).isEqualTo("secrets \"missing\" not found");
    }

    @Test
    void configMapsAreRecordedWithRequestAndResponseAndWithoutTheOmittedStage() {
        kubectl.run("create", "configmap", "settings", "--from-literal=color=blue").ok();

        JsonNode done = awaitEvent(about("create", "configmaps", "default", "settings", "ResponseComplete"));
        assertThat(done.path("level").asString()).isEqualTo("RequestResponse");
        assertThat(done.path("requestObject").path("data").path("color").asString()).isEqualTo("blue");
        assertThat(done.path("responseObject").path("metadata").path("uid").asString()).isNotEmpty();
        assertThat(done.path("responseObject").path("metadata").path("resourceVersion").asString()).isNotEmpty();
        String auditId = done.path("auditID").asString();
        assertThat(events()).noneMatch(e -> e.path("auditID").asString().equals(auditId)
                && e.path("stage").asString().equals("RequestReceived"));
    }

    @Test
    void nothingIsRecordedForAUserInANamespaceOrAPathThePolicyExempts() throws Exception {
        kubectl.run("create", "namespace", "quiet").ok();
        kubectl.run("-n", "quiet", "create", "configmap", "hush").ok();
        kubectl.run("version").ok();
        kubectl.run("create", "configmap", "marker").ok();

        // events are written in order by one thread: once the marker is there, the earlier ones would be too
        awaitEvent(about("create", "configmaps", "default", "marker", "ResponseComplete"));
        assertThat(events()).noneMatch(e -> e.path("objectRef").path("namespace").asString().equals("quiet")
                && e.path("user").path("username").asString().equals("admin"));
        assertThat(events()).noneMatch(e -> e.path("requestURI").asString().equals("/version"));
        assertThat(events()).anyMatch(about("create", "namespaces", "", "quiet", "ResponseComplete"));
        // the rule exempts the admin only: a controller writing in the same namespace is recorded
        assertThat(awaitEvent(about("create", "configmaps", "quiet", "kube-root-ca.crt", "ResponseComplete"))
                .path("user").path("username").asString()).isEqualTo("system:serviceaccount:kube-system:root-ca-cert-publisher");
    }

    @Test
    void aWatchIsRecordedWhenItStartsAndWhenItEnds() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build()) {
            var watch = client.configMaps().inNamespace("kube-system").watch(new Watcher<ConfigMap>() {
                @Override
                public void eventReceived(Action action, ConfigMap resource) {
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
            JsonNode started = awaitEvent(e -> e.path("verb").asString().equals("watch")
                    && e.path("stage").asString().equals("ResponseStarted")
                    && e.path("objectRef").path("namespace").asString().equals("kube-system"));
            assertThat(started.path("responseStatus").path("code").asInt()).isEqualTo(200);
            watch.close();
            awaitEvent(e -> e.path("auditID").asString().equals(started.path("auditID").asString())
                    && e.path("stage").asString().equals("ResponseComplete"));
        }
    }

    @Test
    void everyResponseCarriesItsAuditId() throws Exception {
        var client = java.net.http.HttpClient.newBuilder().sslContext(tls()).build();
        var response = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(SERVER.url() + "/api/v1/namespaces/default/serviceaccounts")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String auditId = response.headers().firstValue("Audit-Id").orElseThrow();
        assertThat(auditId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        JsonNode done = awaitEvent(e -> e.path("auditID").asString().equals(auditId)
                && e.path("stage").asString().equals("ResponseComplete"));
        assertThat(done.path("verb").asString()).isEqualTo("list");
        assertThat(done.path("user").path("username").asString()).isEqualTo("admin");
    }

    @Test
    void aRequestWithRefusedCredentialsIsRecordedWithoutAUser() throws Exception {
        // trusts the cluster CA but presents no client certificate: only the (bogus) bearer token
        var trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(SERVER.dataDir().resolve("pki/ca.crt"))) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var trustManagers = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        var client = java.net.http.HttpClient.newBuilder().sslContext(context).build();
        var response = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(SERVER.url() + "/api/v1/namespaces/default/secrets"))
                .header("Authorization", "Bearer not-a-real-token").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        String auditId = response.headers().firstValue("Audit-Id").orElseThrow();

        JsonNode refused = awaitEvent(e -> e.path("auditID").asString().equals(auditId));
        assertThat(refused.path("stage").asString()).isEqualTo("ResponseStarted");
        assertThat(refused.path("level").asString()).isEqualTo("Metadata");
        assertThat(refused.path("verb").asString()).isEqualTo("list");
        assertThat(refused.path("objectRef").path("resource").asString()).isEqualTo("secrets");
        assertThat(refused.path("user").isObject()).isTrue();
        assertThat(refused.path("user").isEmpty()).as("no user: %s", refused).isTrue();
        assertThat(refused.path("responseStatus").path("code").asInt()).isEqualTo(401);
        assertThat(refused.path("responseStatus").path("message").asString())
                .isEqualTo("Authentication failed, attempted: bearer");
        assertThat(events()).filteredOn(e -> e.path("auditID").asString().equals(auditId)).hasSize(1);
    }

    @Test
    void podSecurityAuditViolationsAnnotateThePodCreate() throws Exception {
        kubectl.run("create", "namespace", "audited").ok();
        kubectl.run("label", "namespace", "audited", "pod-security.kubernetes.io/audit=restricted").ok();
        kubectl.run("-n", "audited", "run", "loose", "--image=busybox", "--restart=Never").ok();

        JsonNode created = awaitEvent(about("create", "pods", "audited", "loose", "ResponseComplete"));
        assertThat(created.path("responseStatus").path("code").asInt()).isEqualTo(201);
        assertThat(created.path("annotations").path("pod-security.kubernetes.io/enforce-policy").asString())
                .isEqualTo("privileged:latest");
        assertThat(created.path("annotations").path("pod-security.kubernetes.io/audit-violations").asString())
                .startsWith("would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false");
    }

    static javax.net.ssl.SSLContext tls() throws Exception {
        var method = Class.forName("dev.capstan.server.AdminTls").getDeclaredMethod("context", Path.class);
        method.setAccessible(true);
        return (javax.net.ssl.SSLContext) method.invoke(null, SERVER.dataDir());
    }
}
