package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Health, version and Prometheus metrics under upstream's names; anonymous callers see only the public endpoints. */
class HealthAndMetricsIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static HttpClient admin;
    static SSLContext anonymousTls;
    static javax.net.ssl.SSLParameters anonymousParameters;

    /**
     * A new certificate-less client per request: reusing one keep-alive connection after a 401 stalled the next
     * request now and then (to investigate on the server side; see the issue note).
     */
    private static HttpClient anonymous() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10))
                .sslContext(anonymousTls).sslParameters(anonymousParameters).build();
    }

    @BeforeAll
    static void clients() throws Exception {
        SSLContext tls = AdminTls.context(SERVER.dataDir());
        admin = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10)).sslContext(tls).build();
        // trusts the cluster CA but presents no client certificate
        SSLContext trustOnly = SSLContext.getInstance("TLS");
        var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        var store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (var in = java.nio.file.Files.newInputStream(SERVER.dataDir().resolve("pki/ca.crt"))) {
            store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        trust.init(store);
        trustOnly.init(null, trust.getTrustManagers(), null);
        // TLS 1.2 for the certificate-less client: with TLS 1.3 and the server's optional client-certificate
        // request, the JDK client's first handshake without a key sometimes never completed in the full suite
        javax.net.ssl.SSLParameters tls12 = trustOnly.getDefaultSSLParameters();
        tls12.setProtocols(new String[] {"TLSv1.2"});
        anonymousTls = trustOnly;
        anonymousParameters = tls12;
    }

    private static HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(SERVER.url() + path)).timeout(java.time.Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthEndpointsAnswerOk() throws Exception {
        for (String path : new String[] {"/livez", "/readyz", "/healthz"}) {
            HttpResponse<String> response = get(anonymous(), path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
        }
        assertThat(get(anonymous(), "/version").body()).contains("\"major\":\"1\"", "\"gitVersion\":\"v1.32.0");
    }

    @Test
    void anonymousRequestsToTheApiAreForbidden() throws Exception {
        // upstream with anonymous auth on: system:anonymous gets through authentication, and RBAC refuses it
        HttpResponse<String> response = get(anonymous(), "/api/v1/namespaces");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"reason\":\"Forbidden\"").contains("User \\\"system:anonymous\\\"");
    }

    @Test
    void metricsUseTheApiserverNames() throws Exception {
        get(admin, "/api/v1/namespaces");
        get(admin, "/api/v1/namespaces/default/pods/missing");

        String metrics = get(admin, "/metrics").body();

        assertThat(metrics)
                .containsPattern("apiserver_request_total\\{[^}]*code=\"200\"[^}]*resource=\"namespaces\"[^}]*verb=\"LIST\"")
                .containsPattern("apiserver_request_total\\{[^}]*code=\"404\"[^}]*resource=\"pods\"[^}]*verb=\"GET\"")
                .contains("apiserver_request_duration_seconds_bucket")
                .contains("apiserver_current_inflight_requests{request_kind=\"mutating\"}")
                .contains("apiserver_longrunning_requests")
                .contains("etcd_request_duration_seconds_count{operation=\"create\",type=\"namespaces\"}")
                .containsPattern("apiserver_storage_size_bytes [1-9]");
    }
}
