package dev.capstan.server.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.server.Kubectl;
import dev.capstan.server.RunningServer;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Joining a node the upstream way against a running {@code capstan server}: {@code capstan token create}, then the
 * agent's TLS bootstrap (CertificateSigningRequests as the bootstrap token's user, approved by the csrapproving
 * controller and signed by csrsigning with the cluster CA), and what must be refused on the way.
 */
class NodeJoinIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    static KubernetesClient admin;
    static Kubectl kubectl;
    static Path ca;
    static String token;

    @BeforeAll
    static void createToken() throws IOException {
        admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(SERVER.kubeconfig()))).build();
        kubectl = new Kubectl(SERVER.kubeconfig());
        ca = SERVER.dataDir().resolve("pki/ca.crt");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = TokenCommand.run(List.of("create", "--data-dir", SERVER.dataDir().toString(), "--ttl", "1h",
                "--description", "for NodeJoinIT"), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).isZero();
        token = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(token).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    @Test
    void theTokenIsAKubeadmSecretThatTokenListShows() {
        String id = token.substring(0, 6);
        var secret = admin.secrets().inNamespace("kube-system").withName("bootstrap-token-" + id).get();
        assertThat(secret.getType()).isEqualTo("bootstrap.kubernetes.io/token");
        assertThat(secret.getStringData()).isNullOrEmpty();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("token-secret")), StandardCharsets.UTF_8))
                .isEqualTo(token.substring(7));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(TokenCommand.run(List.of("list", "--kubeconfig", SERVER.kubeconfig().toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();
        String line = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
        Instant expires = Instant.parse(line.split("\\s+")[1]);
        assertThat(expires).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(line).contains("authentication,signing").contains(BootstrapTokens.NODE_GROUP);
    }

    @Test
    void aTokenJoinsANodeWithItsOwnIdentityAndReusesIt() throws IOException {
        Path root = Files.createTempDirectory("capstan-join-");
        TlsBootstrap bootstrap = new TlsBootstrap(SERVER.url(), token, ca, Duration.ofMinutes(2));

        Path kubeconfig = bootstrap.nodeKubeconfig(root, "joined-1");

        assertThat(kubeconfig).isEqualTo(root.resolve("kubelet.kubeconfig"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig))).isEqualTo("rw-------");
        String whoami = new Kubectl(kubeconfig).run("auth", "whoami").ok().out();
        assertThat(whoami).contains("system:node:joined-1").contains("system:nodes");
        String id = token.substring(0, 6);
        CertificateSigningRequest csr = requestsFor("system:bootstrap:" + id).stream()
                .filter(r -> "kubernetes.io/kube-apiserver-client-kubelet".equals(r.getSpec().getSignerName()))
                .findFirst().orElseThrow();
        assertThat(csr.getSpec().getGroups()).contains("system:bootstrappers", BootstrapTokens.NODE_GROUP,
                "system:authenticated");
        assertThat(csr.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Approved");
            assertThat(c.getReason()).isEqualTo("AutoApproved");
        });
        String table = kubectl.run("get", "csr", csr.getMetadata().getName()).ok().out();
        assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("NAME", "AGE", "SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION");
        assertThat(table).contains("system:bootstrap:" + id).contains("Approved,Issued");

        // a restarted agent finds its kubeconfig and asks for nothing
        int before = admin.certificates().v1().certificateSigningRequests().list().getItems().size();
        assertThat(bootstrap.nodeKubeconfig(root, "joined-1")).isEqualTo(kubeconfig);
        assertThat(admin.certificates().v1().certificateSigningRequests().list().getItems()).hasSize(before);
    }

    @Test
    void theJoinedNodesProxyGetsTheKubeProxyIdentity() throws IOException {
        Path root = Files.createTempDirectory("capstan-join-proxy-");
        Path kubeconfig = new TlsBootstrap(SERVER.url(), token, ca, Duration.ofMinutes(2)).proxyKubeconfig(root);

        Kubectl proxy = new Kubectl(kubeconfig);
        assertThat(proxy.run("auth", "whoami").ok().out()).contains("system:kube-proxy");
        assertThat(proxy.run("auth", "can-i", "list", "endpointslices.discovery.k8s.io", "-A").out().trim()).isEqualTo("yes");
        assertThat(proxy.run("auth", "can-i", "list", "secrets", "-A").out().trim()).isEqualTo("no");
    }

    @Test
    void aWrongOrExpiredTokenIsUnauthorized() {
        String wrong = token.substring(0, 7) + "0000000000000000"; // the right id, a wrong secret
        assertThat(codeOf(() -> requestAs(wrong, "system:node:x", List.of("system:nodes"), KUBELET))).isEqualTo(401);

        String expired = "exp123.0123456789abcdef";
        admin.secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata()
                .withName("bootstrap-token-exp123").endMetadata().withType("bootstrap.kubernetes.io/token")
                .withStringData(Map.of("token-id", "exp123", "token-secret", "0123456789abcdef",
                        "usage-bootstrap-authentication", "true", "auth-extra-groups", BootstrapTokens.NODE_GROUP,
                        "expiration", Instant.now().minus(Duration.ofMinutes(1)).toString())).build()).create();
        assertThat(codeOf(() -> requestAs(expired, "system:node:x", List.of("system:nodes"), KUBELET))).isEqualTo(401);
    }

    @Test
    void aTokenCannotGetAnAdminCertificate() {
        CertificateSigningRequest masters = requestAs(token, "admin", List.of("system:masters"), KUBELET);
        CertificateSigningRequest node = requestAs(token, "system:node:joined-2", List.of("system:nodes"), KUBELET);
        await().atMost(Duration.ofSeconds(60)).until(() -> isIssued(node.getMetadata().getName()));
        assertThat(conditionsOf(masters.getMetadata().getName())).doesNotContain("Approved");

        // the token's user may not approve its own request
        assertThat(codeOf(() -> clientFor(token).certificates().v1().certificateSigningRequests()
                .withName(masters.getMetadata().getName()).approve())).isEqualTo(403);

        // approved by hand, the kubelet signer still refuses a request that is not kubelet-shaped
        kubectl.run("certificate", "approve", masters.getMetadata().getName()).ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> conditionsOf(masters.getMetadata().getName()).contains("Failed"));
        assertThat(isIssued(masters.getMetadata().getName())).isFalse();

        // and no signer may be asked for system:masters at all
        assertThat(codeOf(() -> requestAs(token, "admin", List.of("system:masters"), "kubernetes.io/kube-apiserver-client")))
                .isEqualTo(403);
    }

    @Test
    void kubectlCertificateDenyStopsARequest() {
        CertificateSigningRequest request = requestAs(token, "alice", List.of(), "kubernetes.io/kube-apiserver-client");
        String name = request.getMetadata().getName();

        assertThat(kubectl.run("certificate", "deny", name).ok().out()).contains("denied");

        assertThat(conditionsOf(name)).contains("Denied").doesNotContain("Approved");
        assertThat(kubectl.run("get", "csr", name).ok().out()).contains("Denied");
        // Approved and Denied exclude each other, and a decision stays
        assertThat(codeOf(() -> admin.certificates().v1().certificateSigningRequests().withName(name).approve())).isEqualTo(422);
    }

    @Test
    void aRequestThatIsNotACsrIsInvalid() {
        KubernetesClientException e = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                () -> admin.certificates().v1().certificateSigningRequests().resource(new CertificateSigningRequestBuilder()
                        .withNewMetadata().withName("not-a-csr").endMetadata().withNewSpec()
                        .withRequest(Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.US_ASCII)))
                        .withSignerName(KUBELET).withUsages("client auth").endSpec().build()).create());
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(e.getMessage()).contains("spec.request").contains("PEM block type must be CERTIFICATE REQUEST");
    }

    static final String KUBELET = "kubernetes.io/kube-apiserver-client-kubelet";

    private static CertificateSigningRequest requestAs(String bearer, String user, List<String> groups, String signer) {
        String pem = ClientKey.generate(user, groups).csrPem();
        try (KubernetesClient client = clientFor(bearer)) {
            return client.certificates().v1().certificateSigningRequests().resource(new CertificateSigningRequestBuilder()
                    .withNewMetadata().withGenerateName("test-csr-").endMetadata().withNewSpec()
                    .withRequest(Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)))
                    .withSignerName(signer).withUsages(TlsBootstrap.CLIENT_USAGES).endSpec().build()).create();
        }
    }

    private static KubernetesClient clientFor(String bearer) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(SERVER.url())
                .withCaCertFile(ca.toString()).withOauthToken(bearer).build()).build();
    }

    private static int codeOf(Runnable action) {
        try {
            action.run();
        } catch (KubernetesClientException e) {
            return e.getCode();
        }
        throw new AssertionError("the request was not refused");
    }

    private static List<CertificateSigningRequest> requestsFor(String user) {
        return admin.certificates().v1().certificateSigningRequests().list().getItems().stream()
                .filter(r -> user.equals(r.getSpec().getUsername())).toList();
    }

    private static boolean isIssued(String name) {
        CertificateSigningRequest csr = admin.certificates().v1().certificateSigningRequests().withName(name).get();
        return csr.getStatus() != null && csr.getStatus().getCertificate() != null && !csr.getStatus().getCertificate().isEmpty();
    }

    private static List<String> conditionsOf(String name) {
        CertificateSigningRequest csr = admin.certificates().v1().certificateSigningRequests().withName(name).get();
        return csr.getStatus() == null || csr.getStatus().getConditions() == null ? List.of()
                : csr.getStatus().getConditions().stream().map(c -> c.getType()).toList();
    }
}
