package dev.capstan.server.roles;

import dev.capstan.node.server.SelfSignedCertificate;
import dev.capstan.server.pki.ClusterPki;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * The certificate a component serves its port with: upstream's {@code --tls-cert-file} and
 * {@code --tls-private-key-file} (PEM) when given, else a self-signed one for localhost made at start, as
 * kube-scheduler and kube-controller-manager make when given none. Scrapers of a self-signed port skip
 * verification (Prometheus: {@code insecure_skip_verify}); give files signed by a CA they trust otherwise.
 */
record ServingCertificate(PrivateKey key, List<Certificate> chain) {

    private static final char[] NO_PASSWORD = new char[0];

    static ServingCertificate fromFiles(Path certificate, Path privateKey) {
        try (InputStream in = Files.newInputStream(certificate)) {
            List<Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(certificate + " holds no certificate");
            }
            return new ServingCertificate(ClusterPki.readPrivateKey(privateKey), chain);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the serving certificate " + certificate + ": " + e.getMessage(), e);
        }
    }

    static ServingCertificate selfSigned() {
        SelfSignedCertificate generated = SelfSignedCertificate.generate("localhost@" + Instant.now().getEpochSecond(),
                List.of("localhost"), List.of(InetAddress.getLoopbackAddress()));
        return new ServingCertificate(generated.key(), List.of(generated.certificate()));
    }

    SslBundle toBundle() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("serving", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
            return SslBundle.of(SslStoreBundle.of(store, "", null));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot hold the serving certificate in a key store", e);
        }
    }
}
