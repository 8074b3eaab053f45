package dev.capstan.server.join;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A new RSA 2048 key and a PKCS#10 request for it with the subject {@code CN=<user>, O=<group>...}, both PEM. RSA
 * rather than the kubelet's EC P-256: every client here reads RSA keys (Fabric8 needs extra providers for EC PEM).
 */
record ClientKey(String privateKeyPem, String csrPem) {

    static ClientKey generate(String user, List<String> groups) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
            groups.forEach(g -> subject.addRDN(BCStyle.O, g));
            subject.addRDN(BCStyle.CN, user);
            var request = new JcaPKCS10CertificationRequestBuilder(subject.build(), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
            return new ClientKey(pem(keys.getPrivate()), pem(request));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a client key: " + e.getMessage(), e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
