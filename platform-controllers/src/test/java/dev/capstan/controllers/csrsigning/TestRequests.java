package dev.capstan.controllers.csrsigning;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Real PKCS#10 requests in CertificateSigningRequests, for the approver's and signer's tests. */
public final class TestRequests {

    private TestRequests() {
    }

    public static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    public static CertificateSigningRequest csr(String subject, String signer, String username, List<String> usages)
            throws Exception {
        KeyPair keys = keys();
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(request);
        }
        return new CertificateSigningRequestBuilder().withNewMetadata().withName("csr-1").endMetadata().withNewSpec()
                .withRequest(Base64.getEncoder().encodeToString(pem.toString().getBytes(StandardCharsets.US_ASCII)))
                .withSignerName(signer).withUsername(username).withUsages(usages).endSpec().build();
    }
}
