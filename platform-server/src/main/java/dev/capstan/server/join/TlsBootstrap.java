package dev.capstan.server.join;

import dev.capstan.server.pki.ClusterPki;
import dev.capstan.server.pki.Kubeconfig;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node side of upstream's kubelet TLS bootstrap: with a bootstrap token, ask the API for a client certificate
 * through a CertificateSigningRequest, wait until the controller manager approves and signs it, and write a
 * kubeconfig with it. Two identities, as a kubeadm node has a kubelet and a kube-proxy: the node's own
 * ({@code CN=system:node:<name>, O=system:nodes}, signer {@code kubernetes.io/kube-apiserver-client-kubelet}) and
 * the service proxy's ({@code CN=system:kube-proxy}, signer {@code kubernetes.io/kube-apiserver-client}). A
 * kubeconfig that already exists is reused (a restarted agent does not ask again).
 */
public final class TlsBootstrap {

    public static final String NODE_KUBECONFIG = "kubelet.kubeconfig";
    public static final String PROXY_KUBECONFIG = "kube-proxy.kubeconfig";
    static final List<String> CLIENT_USAGES = List.of("digital signature", "client auth");
    private static final Logger log = LoggerFactory.getLogger(TlsBootstrap.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String serverUrl;
    private final String token;
    private final Path caFile;
    private final Duration timeout;

    public TlsBootstrap(String serverUrl, String token, Path caFile, Duration timeout) {
        this.serverUrl = serverUrl;
        this.token = token;
        this.caFile = caFile;
        this.timeout = timeout;
    }

    /** ROOT/kubelet.kubeconfig for node {@code nodeName}, bootstrapped when missing. */
    public Path nodeKubeconfig(Path rootDir, String nodeName) {
        return kubeconfig(rootDir.resolve(NODE_KUBECONFIG), rootDir.resolve("pki"), "kubelet-client",
                "system:node:" + nodeName, List.of("system:nodes"), "kubernetes.io/kube-apiserver-client-kubelet");
    }

    /** ROOT/kube-proxy.kubeconfig (user system:kube-proxy), bootstrapped when missing. */
    public Path proxyKubeconfig(Path rootDir) {
        return kubeconfig(rootDir.resolve(PROXY_KUBECONFIG), rootDir.resolve("pki"), "kube-proxy-client",
                "system:kube-proxy", List.of(), "kubernetes.io/kube-apiserver-client");
    }

    private Path kubeconfig(Path kubeconfig, Path pkiDir, String name, String user, List<String> groups, String signer) {
        if (Files.exists(kubeconfig)) {
            return kubeconfig;
        }
        try {
            Files.createDirectories(pkiDir);
            Files.setPosixFilePermissions(pkiDir, PosixFilePermissions.fromString("rwx------"));
            ClientKey key = ClientKey.generate(user, groups);
            String certificate = requestCertificate(key.csrPem(), signer, user);
            ClusterPki.ClientCredential credential = new ClusterPki.ClientCredential(pkiDir.resolve(name + ".crt"),
                    pkiDir.resolve(name + ".key"));
            writePrivate(credential.key(), key.privateKeyPem());
            writePrivate(credential.cert(), certificate);
            Kubeconfig.write(kubeconfig, serverUrl, caFile, credential, user);
            log.info("event=tls_bootstrap_done user={} kubeconfig={}", user, kubeconfig);
            return kubeconfig;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + kubeconfig + ": " + e.getMessage(), e);
        }
    }

    /** Creates the CSR as the bootstrap token's user and waits for its certificate (PEM). */
    String requestCertificate(String csrPem, String signer, String user) {
        try (KubernetesClient client = bootstrapClient()) {
            CertificateSigningRequest csr = client.certificates().v1().certificateSigningRequests().resource(
                    new CertificateSigningRequestBuilder().withNewMetadata().withGenerateName("node-csr-").endMetadata()
                            .withNewSpec().withSignerName(signer).withUsages(CLIENT_USAGES)
                            .withRequest(Base64.getEncoder().encodeToString(csrPem.getBytes(StandardCharsets.US_ASCII)))
                            .endSpec().build()).create();
            String csrName = csr.getMetadata().getName();
            log.info("event=csr_created name={} user={} signer={}", csrName, user, signer);
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                CertificateSigningRequest current = client.certificates().v1().certificateSigningRequests().withName(csrName).get();
                String refusal = refusal(current);
                if (refusal != null) {
                    throw new IllegalStateException("certificate signing request " + csrName + " " + refusal);
                }
                if (current != null && current.getStatus() != null && current.getStatus().getCertificate() != null
                        && !current.getStatus().getCertificate().isEmpty()) {
                    return new String(Base64.getDecoder().decode(current.getStatus().getCertificate()), StandardCharsets.US_ASCII);
                }
                sleep();
            }
            throw new IllegalStateException("timed out after " + timeout + " waiting for certificate signing request "
                    + csrName + " to be approved and signed (kubectl certificate approve " + csrName + ")");
        }
    }

    private static String refusal(CertificateSigningRequest csr) {
        if (csr == null) {
            return "was deleted";
        }
        if (csr.getStatus() == null || csr.getStatus().getConditions() == null) {
            return null;
        }
        for (CertificateSigningRequestCondition c : csr.getStatus().getConditions()) {
            if ("Denied".equals(c.getType()) || "Failed".equals(c.getType())) {
                return "was " + c.getType().toLowerCase(java.util.Locale.ROOT) + ": " + c.getReason() + " " + c.getMessage();
            }
        }
        return null;
    }

    private KubernetesClient bootstrapClient() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(serverUrl).withCaCertFile(caFile.toString())
                .withOauthToken(token).withRequestTimeout(30_000).build();
        config.setUserAgent("capstan-tls-bootstrap");
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(partial, content);
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a certificate", e);
        }
    }
}
