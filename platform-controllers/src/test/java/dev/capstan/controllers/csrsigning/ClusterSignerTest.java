package dev.capstan.controllers.csrsigning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.controllers.certificates.ClientCertificateRequest;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClusterSignerTest {

    static X509Certificate ca;
    static KeyPair caKeys;
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void makeCa() throws Exception {
        caKeys = TestRequests.keys();
        X500Name name = new X500Name("CN=test-ca");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(NOW.minusSeconds(60)),
                Date.from(NOW.plus(Duration.ofDays(30))), name, caKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    @Test
    void signsTheRequestedSubjectForTheRequestedDurationWithTheCa() throws Exception {
        ClusterSigner signer = new ClusterSigner(ca, caKeys.getPrivate(), Duration.ofDays(365));
        var csr = TestRequests.csr("CN=system:node:n1,O=system:nodes", ClientCertificateRequest.KUBELET_CLIENT_SIGNER, "u",
                List.of("digital signature", "client auth"));

        X509Certificate cert = parse(signer.sign(ClientCertificateRequest.of(csr), Duration.ofHours(1), NOW));

        cert.verify(ca.getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=system:node:n1").contains("O=system:nodes");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void theDurationIsCappedByTheMaximumAndTheCasOwnExpiry() throws Exception {
        var csr = ClientCertificateRequest.of(TestRequests.csr("CN=alice", ClientCertificateRequest.API_SERVER_CLIENT_SIGNER,
                "u", List.of("client auth")));

        X509Certificate capped = parse(new ClusterSigner(ca, caKeys.getPrivate(), Duration.ofDays(1))
                .sign(csr, Duration.ofDays(7), NOW));
        assertThat(capped.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(1)));

        X509Certificate byCa = parse(new ClusterSigner(ca, caKeys.getPrivate(), Duration.ofDays(365)).sign(csr, null, NOW));
        assertThat(byCa.getNotAfter()).isEqualTo(ca.getNotAfter());
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
