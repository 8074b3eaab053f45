package dev.capstan.node.config;

import io.fabric8.kubernetes.client.Config;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** The cluster CA certificate from the agent's kubeconfig (inline data or a file), which signs the API server's client cert. */
final class ClusterCa {

    private ClusterCa() {
    }

    static X509Certificate of(Config config) {
        try (InputStream in = open(config)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("the kubeconfig's certificate authority is not a certificate: " + e.getMessage(), e);
        }
    }

    private static InputStream open(Config config) throws IOException {
        if (config.getCaCertData() != null && !config.getCaCertData().isEmpty()) {
            return new ByteArrayInputStream(Base64.getDecoder().decode(config.getCaCertData().trim()));
        }
        if (config.getCaCertFile() != null && !config.getCaCertFile().isEmpty()) {
            return Files.newInputStream(Path.of(config.getCaCertFile()));
        }
        throw new IllegalStateException("the agent's kubeconfig names no certificate authority; the kubelet endpoint needs it to check callers");
    }
}
