package dev.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.capstan.api.json.Json;
import dev.capstan.api.security.authn.AuthenticationProperties;
import dev.capstan.api.security.authn.ServiceAccountKeys;
import dev.capstan.api.security.authn.ServiceAccountTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Authentication as a user sees it, against a running server: anonymous, static token file, bootstrap and
 * ServiceAccount tokens (minted by {@code kubectl create token}), TokenReview, issuer discovery, impersonation and
 * the 401s of bad credentials. Who a request ran as is read back with SelfSubjectReview ({@code kubectl auth whoami}).
 */
class AuthenticationIT {

    static final Path TOKEN_FILE = tokenFile();

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer("--capstan.api.token-auth-file=" + TOKEN_FILE);

    static Kubectl admin;
    static HttpClient adminHttp;
    static SSLContext trustOnly;
    static SSLParameters tls12;

    private static Path tokenFile() {
        try {
            Path file = Files.createTempFile("capstan-tokens", ".csv");
            Files.writeString(file, "alice-token,alice,alice-uid,\"developers,qa\"\nbob-token,bob,bob-uid\n");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void clients() throws Exception {
        admin = new Kubectl(SERVER.kubeconfig());
        adminHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(AdminTls.context(SERVER.dataDir())).connectTimeout(Duration.ofSeconds(10)).build();
        trustOnly = SSLContext.getInstance("TLS");
        var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        var store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (var in = Files.newInputStream(SERVER.dataDir().resolve("pki/ca.crt"))) {
            store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        trust.init(store);
        trustOnly.init(null, trust.getTrustManagers(), null);
        // as HealthAndMetricsIT: TLS 1.2 for certificate-less clients of a server that asks for a certificate
        tls12 = trustOnly.getDefaultSSLParameters();
        tls12.setProtocols(new String[] {"TLSv1.2"});
        // the ServiceAccounts controller makes "default" in each namespace
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> admin.run("get", "serviceaccount", "default", "-n", "default").exitCode() == 0);
    }

    /** A fresh certificate-less client per request (see HealthAndMetricsIT on reused connections after a 401). */
    private static HttpClient noCertificate() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .sslContext(trustOnly).sslParameters(tls12).build();
    }

    private static HttpResponse<String> send(HttpClient client, String method, String path, String token,
                                             Map<String, List<String>> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVER.url() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return send(noCertificate(), "GET", path, token, Map.of(), null);
    }

    private static final String REVIEW = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}";
    private static final String REVIEWS = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

    /** status.userInfo of a SelfSubjectReview made with the token. */
    private static JsonNode whoami(String token) throws Exception {
        HttpResponse<String> response = send(noCertificate(), "POST", REVIEWS, token, Map.of(), REVIEW);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.parseObject(response.body().getBytes()).path("status").path("userInfo");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        JsonNode status = Json.parseObject(response.body().getBytes());
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("reason").asString()).isEqualTo("Unauthorized");
        assertThat(status.path("message").asString()).isEqualTo("Unauthorized");
    }

    private static String createToken(String... args) {
        String[] command = java.util.stream.Stream.concat(java.util.stream.Stream.of("create", "token"),
                java.util.Arrays.stream(args)).toArray(String[]::new);
        return admin.run(command).ok().out().trim();
    }

    @Test
    void anonymousIsJudgedByRbacAndServiceAccountsReadIssuerDiscovery() throws Exception {
        // Without credentials a request is system:anonymous; RBAC's bootstrap policy lets it reach only the public
        // endpoints (403 naming the user elsewhere, as upstream), and issuer discovery is for service accounts.
        HttpResponse<String> api = get("/api/v1/namespaces", null);
        assertThat(api.statusCode()).as(api.body()).isEqualTo(403);
        assertThat(api.body()).contains("system:anonymous");
        assertThat(get("/version", null).statusCode()).isEqualTo(200);
        String serviceAccount = createToken("default", "-n", "default", "--duration=15m");
        HttpResponse<String> discovery = get("/.well-known/openid-configuration", serviceAccount);
        assertThat(discovery.statusCode()).isEqualTo(200);
        JsonNode document = Json.parseObject(discovery.body().getBytes());
        assertThat(document.path("issuer").asString()).isEqualTo(AuthenticationProperties.DEFAULT_ISSUER);
        assertThat(document.path("jwks_uri").asString()).isEqualTo(AuthenticationProperties.DEFAULT_ISSUER + "/openid/v1/jwks");
        assertThat(strings(document.path("id_token_signing_alg_values_supported"))).containsExactly("RS256");
    }

    @Test
    void aBadTokenIsUnauthorizedEvenWhereAnonymousIsAllowed() throws Exception {
        assertUnauthorized(get("/version", "not-a-token"));
        assertUnauthorized(get("/api/v1/namespaces", "alice-token-but-wrong"));
        assertUnauthorized(get("/api/v1/namespaces", "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln"));
    }

    @Test
    void staticTokenFileUsers() throws Exception {
        JsonNode alice = whoami("alice-token");
        assertThat(alice.path("username").asString()).isEqualTo("alice");
        assertThat(alice.path("uid").asString()).isEqualTo("alice-uid");
        assertThat(strings(alice.path("groups"))).containsExactly("developers", "qa", "system:authenticated");
        assertThat(strings(whoami("bob-token").path("groups"))).containsExactly("system:authenticated");
        // authenticated, so discovery answers; what RBAC does not grant alice is 403 naming her (not 401)
        assertThat(get("/api", "alice-token").statusCode()).isEqualTo(200);
        HttpResponse<String> namespaces = get("/api/v1/namespaces", "alice-token");
        assertThat(namespaces.statusCode()).isEqualTo(403);
        assertThat(namespaces.body()).contains("alice");
    }

    @Test
    void clientCertificateIsTheCommonNameAndOrganizations() {
        String whoami = admin.run("auth", "whoami", "-o", "json").ok().out();
        JsonNode user = Json.parseObject(whoami.getBytes()).path("status").path("userInfo");
        assertThat(user.path("username").asString()).isEqualTo("admin");
        assertThat(strings(user.path("groups"))).containsExactly("system:masters", "system:authenticated");
    }

    @Test
    void kubectlCreateTokenAuthenticatesAsTheServiceAccount() throws Exception {
        String token = createToken("default", "-n", "default");

        JsonNode user = whoami(token);
        assertThat(user.path("username").asString()).isEqualTo("system:serviceaccount:default:default");
        String uid = admin.run("get", "serviceaccount", "default", "-n", "default", "-o", "jsonpath={.metadata.uid}").ok().out();
        assertThat(user.path("uid").asString()).isEqualTo(uid);
        assertThat(strings(user.path("groups"))).containsExactly("system:serviceaccounts",
                "system:serviceaccounts:default", "system:authenticated");
        assertThat(get("/api", token).statusCode()).isEqualTo(200);
        HttpResponse<String> pods = get("/api/v1/namespaces/default/pods", token);
        assertThat(pods.statusCode()).isEqualTo(403);
        assertThat(pods.body()).contains("system:serviceaccount:default:default");

        // real kubectl with a kubeconfig holding only the token
        Kubectl withToken = new Kubectl(tokenKubeconfig(token));
        assertThat(withToken.run("auth", "whoami").ok().out()).contains("system:serviceaccount:default:default");
    }

    @Test
    void theJwksVerifiesMintedTokens() throws Exception {
        SignedJWT jwt = SignedJWT.parse(createToken("default", "-n", "default", "--duration=15m"));
        HttpResponse<String> jwks = get("/openid/v1/jwks", createToken("default", "-n", "default", "--duration=15m"));
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/jwk-set+json"));
        RSAKey key = JWKSet.parse(jwks.body()).getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();

        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(AuthenticationProperties.DEFAULT_ISSUER);
        assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:default:default");
        assertThat(claims.getAudience()).containsExactly(AuthenticationProperties.DEFAULT_ISSUER);
        // the token's lifetime is what was asked for (--duration=15m): a claim, not a measured time
        Instant issued = claims.getIssueTime().toInstant();
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(issued.plus(Duration.ofMinutes(15)));
        assertThat(claims.getJSONObjectClaim("kubernetes.io")).containsEntry("namespace", "default");
    }

    @Test
    void tokensForAnotherAudienceOrExpiredAreUnauthorized() throws Exception {
        assertUnauthorized(get("/api/v1/namespaces", createToken("default", "-n", "default", "--audience=vault")));

        ServiceAccountTokens pastIssuer = new ServiceAccountTokens(SERVER.bean(ServiceAccountKeys.class),
                AuthenticationProperties.DEFAULT_ISSUER, List.of(AuthenticationProperties.DEFAULT_ISSUER),
                Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));
        String uid = admin.run("get", "serviceaccount", "default", "-n", "default", "-o", "jsonpath={.metadata.uid}").ok().out();
        String expired = pastIssuer.issue("default", "default", uid, List.of(AuthenticationProperties.DEFAULT_ISSUER),
                Duration.ofMinutes(10), null, null).token();
        assertUnauthorized(get("/api/v1/namespaces", expired));
    }

    @Test
    void aTokenDiesWithItsServiceAccountAndPod() throws Exception {
        admin.run("create", "namespace", "authn-sa").ok();
        admin.run("create", "serviceaccount", "robot", "-n", "authn-sa").ok();
        String token = createToken("robot", "-n", "authn-sa");
        assertThat(whoami(token).path("username").asString()).isEqualTo("system:serviceaccount:authn-sa:robot");

        admin.run("delete", "serviceaccount", "robot", "-n", "authn-sa").ok();
        assertUnauthorized(get("/api/v1/namespaces", token));
        admin.run("create", "serviceaccount", "robot", "-n", "authn-sa").ok();
        assertUnauthorized(get("/api/v1/namespaces", token)); // same name, another uid

        admin.run("run", "worker", "-n", "authn-sa", "--image=busybox", "--overrides",
                "{\"spec\":{\"serviceAccountName\":\"robot\"}}").ok();
        String podToken = createToken("robot", "-n", "authn-sa", "--bound-object-kind=Pod", "--bound-object-name=worker");
        JsonNode user = whoami(podToken);
        String podUid = admin.run("get", "pod", "worker", "-n", "authn-sa", "-o", "jsonpath={.metadata.uid}").ok().out();
        assertThat(strings(user.path("extra").path("authentication.kubernetes.io/pod-name"))).containsExactly("worker");
        assertThat(strings(user.path("extra").path("authentication.kubernetes.io/pod-uid"))).containsExactly(podUid);

        admin.run("delete", "pod", "worker", "-n", "authn-sa", "--grace-period=0", "--force").ok();
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> admin.run("get", "pod", "worker", "-n", "authn-sa").exitCode() != 0);
        assertUnauthorized(get("/api/v1/namespaces", podToken));
    }

    @Test
    void tokenRequestRulesAsUpstream() throws Exception {
        String path = "/api/v1/namespaces/default/serviceaccounts/default/token";
        HttpResponse<String> tooShort = send(adminHttp, "POST", path, null, Map.of(),
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{\"expirationSeconds\":60}}");
        assertThat(tooShort.statusCode()).isEqualTo(422);
        assertThat(tooShort.body()).contains("spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes");

        HttpResponse<String> missing = send(adminHttp, "POST", "/api/v1/namespaces/default/serviceaccounts/nobody/token",
                null, Map.of(), "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{}}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("serviceaccounts \\\"nobody\\\" not found");

        HttpResponse<String> ok = send(adminHttp, "POST", path, null, Map.of(),
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{}}");
        assertThat(ok.statusCode()).isEqualTo(201);
        JsonNode answer = Json.parseObject(ok.body().getBytes());
        assertThat(answer.path("kind").asString()).isEqualTo("TokenRequest");
        assertThat(answer.path("spec").path("expirationSeconds").asLong()).isEqualTo(3600);
        assertThat(strings(answer.path("spec").path("audiences"))).containsExactly(AuthenticationProperties.DEFAULT_ISSUER);
        Instant expiry = Instant.parse(answer.path("status").path("expirationTimestamp").asString());
        assertThat(expiry).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        assertThat(answer.path("status").path("token").asString()).isNotEmpty();

        // listed in /api/v1 discovery as upstream lists it
        HttpResponse<String> discovery = send(adminHttp, "GET", "/api/v1", null, Map.of(), null);
        JsonNode entry = null;
        for (JsonNode resource : Json.parseObject(discovery.body().getBytes()).path("resources")) {
            if (resource.path("name").asString().equals("serviceaccounts/token")) {
                entry = resource;
            }
        }
        assertThat(entry).as("serviceaccounts/token in /api/v1").isNotNull();
        assertThat(entry.path("kind").asString()).isEqualTo("TokenRequest");
        assertThat(entry.path("group").asString()).isEqualTo("authentication.k8s.io");
        assertThat(entry.path("version").asString()).isEqualTo("v1");
        assertThat(entry.path("namespaced").asBoolean()).isTrue();
        assertThat(strings(entry.path("verbs"))).containsExactly("create");
    }

    @Test
    void tokenReviewsJudgeTokensForTheirAudiences() throws Exception {
        String vaultToken = createToken("default", "-n", "default", "--audience=vault");
        JsonNode forVault = tokenReview(vaultToken, "[\"vault\"]");
        assertThat(forVault.path("authenticated").asBoolean()).isTrue();
        assertThat(forVault.path("user").path("username").asString()).isEqualTo("system:serviceaccount:default:default");
        assertThat(strings(forVault.path("audiences"))).containsExactly("vault");

        assertThat(tokenReview(vaultToken, "[]").path("authenticated").asBoolean()).isFalse(); // not for the API
        assertThat(tokenReview("alice-token", "[]").path("user").path("username").asString()).isEqualTo("alice");
        assertThat(tokenReview("garbage", "[]").path("authenticated").asBoolean()).isFalse();

        HttpResponse<String> empty = send(adminHttp, "POST", "/apis/authentication.k8s.io/v1/tokenreviews", null, Map.of(),
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{}}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("token is required for TokenReview in authentication.k8s.io/v1");
    }

    private static JsonNode tokenReview(String token, String audiences) throws Exception {
        HttpResponse<String> response = send(adminHttp, "POST", "/apis/authentication.k8s.io/v1/tokenreviews", null,
                Map.of(), "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":"
                        + "{\"token\":\"" + token + "\",\"audiences\":" + audiences + "}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.parseObject(response.body().getBytes()).path("status");
    }

    @Test
    void bootstrapTokens() throws Exception {
        admin.run(Map.of(), """
                apiVersion: v1
                kind: Secret
                metadata: {name: bootstrap-token-abcdef, namespace: kube-system}
                type: bootstrap.kubernetes.io/token
                data:
                  token-id: %s
                  token-secret: %s
                  usage-bootstrap-authentication: %s
                  auth-extra-groups: %s
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: bootstrap-token-ghijkl, namespace: kube-system}
                type: bootstrap.kubernetes.io/token
                data:
                  token-id: %s
                  token-secret: %s
                  usage-bootstrap-authentication: %s
                  expiration: %s
                """.formatted(b64("abcdef"), b64("0123456789abcdef"), b64("true"),
                b64("system:bootstrappers:kubeadm:default-node-token"),
                b64("ghijkl"), b64("0123456789abcdef"), b64("true"), b64("2020-01-01T00:00:00Z")), "apply", "-f", "-").ok();

        JsonNode user = whoami("abcdef.0123456789abcdef");
        assertThat(user.path("username").asString()).isEqualTo("system:bootstrap:abcdef");
        assertThat(strings(user.path("groups"))).containsExactly("system:bootstrappers",
                "system:bootstrappers:kubeadm:default-node-token", "system:authenticated");
        assertUnauthorized(get("/api/v1/namespaces", "abcdef.fedcba9876543210")); // wrong secret
        assertUnauthorized(get("/api/v1/namespaces", "ghijkl.0123456789abcdef")); // expired
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    @Test
    void mastersMayImpersonateOthersMayNot() throws Exception {
        String as = admin.run("auth", "whoami", "--as=carol", "--as-group=auditors", "-o", "json").ok().out();
        JsonNode carol = Json.parseObject(as.getBytes()).path("status").path("userInfo");
        assertThat(carol.path("username").asString()).isEqualTo("carol");
        assertThat(strings(carol.path("groups"))).containsExactly("auditors", "system:authenticated");

        String asSa = admin.run("auth", "whoami", "--as=system:serviceaccount:default:default", "-o", "json").ok().out();
        assertThat(strings(Json.parseObject(asSa.getBytes()).path("status").path("userInfo").path("groups")))
                .containsExactly("system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated");

        HttpResponse<String> refused = send(noCertificate(), "POST", REVIEWS, "alice-token",
                Map.of("Impersonate-User", List.of("carol")), REVIEW);
        assertThat(refused.statusCode()).isEqualTo(403);
        JsonNode status = Json.parseObject(refused.body().getBytes());
        assertThat(status.path("reason").asString()).isEqualTo("Forbidden");
        assertThat(status.path("message").asString()).isEqualTo(
                "users \"carol\" is forbidden: User \"alice\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope");
    }

    private static Path tokenKubeconfig(String token) throws IOException {
        Path file = Files.createTempFile(SERVER.dataDir(), "token", ".kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: capstan
                  cluster:
                    server: %s
                    certificate-authority: %s
                users:
                - name: token
                  user:
                    token: %s
                contexts:
                - name: capstan
                  context: {cluster: capstan, user: token}
                current-context: capstan
                """.formatted(SERVER.url(), SERVER.dataDir().resolve("pki/ca.crt"), token));
        return file;
    }
}
