package dev.capstan.server.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.node.server.SelfSignedCertificate;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingCertificateTest {

    @TempDir
    Path dir;

    @Test
    void givenPemFilesAreWhatThePortServes() throws Exception {
        SelfSignedCertificate given = SelfSignedCertificate.generate("scheduler.example.com", List.of("scheduler.example.com"),
                List.of(InetAddress.getLoopbackAddress()));
        Path cert = Files.writeString(dir.resolve("tls.crt"), pem("CERTIFICATE", given.certificate().getEncoded()));
        Path key = Files.writeString(dir.resolve("tls.key"), pem("PRIVATE KEY", given.key().getEncoded()));

        KeyStore store = ServingCertificate.fromFiles(cert, key).toBundle().getStores().getKeyStore();

        String alias = store.aliases().nextElement();
        assertThat(store.getCertificate(alias)).isEqualTo(given.certificate());
        assertThat(store.getKey(alias, new char[0])).isEqualTo(given.key());
    }

    @Test
    void withoutFilesItIsSelfSignedForLocalhost() throws Exception {
        KeyStore store = ServingCertificate.selfSigned().toBundle().getStores().getKeyStore();

        X509Certificate certificate = (X509Certificate) store.getCertificate(store.aliases().nextElement());
        assertThat(certificate.getSubjectX500Principal().getName()).startsWith("CN=localhost@");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
    }

    @Test
    void aFileWithoutACertificateIsRefusedByName() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.crt"), "");
        assertThatThrownBy(() -> ServingCertificate.fromFiles(empty, dir.resolve("missing.key")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty.crt");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
