package dev.capstan.controllers.csrsigning;

import dev.capstan.controllers.certificates.ClientCertificateRequest;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues client certificates with the cluster CA (upstream's --cluster-signing-cert-file / -key-file): the
 * request's subject, public key and alternative names, client-auth usages, valid from five minutes ago (clock skew,
 * as upstream backdates) for the requested duration capped by the configured maximum and the CA's own expiry.
 */
public final class ClusterSigner {

    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final X509Certificate ca;
    private final PrivateKey caKey;
    private final Duration maxDuration;
    private final SecureRandom random = new SecureRandom();

    public ClusterSigner(X509Certificate ca, PrivateKey caKey, Duration maxDuration) {
        this.ca = ca;
        this.caKey = caKey;
        this.maxDuration = maxDuration;
    }

    /** Loads the CA certificate and its key (PKCS#1 or PKCS#8 PEM). */
    public static ClusterSigner load(Path certFile, Path keyFile, Duration maxDuration) {
        try (var in = Files.newInputStream(certFile); PEMParser keys = new PEMParser(Files.newBufferedReader(keyFile))) {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            Object key = keys.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            PrivateKey privateKey = key instanceof PEMKeyPair pair ? converter.getKeyPair(pair).getPrivate()
                    : converter.getPrivateKey(org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key));
            return new ClusterSigner(ca, privateKey, maxDuration);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("cannot load the cluster signing CA " + certFile + ", " + keyFile + ": "
                    + e.getMessage(), e);
        }
    }

    /** The PEM certificate for {@code request}, valid for {@code requested} (null: the maximum). */
    public String sign(ClientCertificateRequest request, Duration requested, Instant now) {
        Duration ttl = requested == null || requested.compareTo(maxDuration) > 0 ? maxDuration : requested;
        Instant notAfter = now.plus(ttl);
        if (notAfter.isAfter(ca.getNotAfter().toInstant())) {
            notAfter = ca.getNotAfter().toInstant();
        }
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), new BigInteger(128, random).abs(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), request.request().getSubject(),
                    request.request().getSubjectPublicKeyInfo());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage(request.usages())));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
            Extension names = request.alternativeNames();
            if (names != null) {
                builder.addExtension(names);
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signatureAlgorithm()).build(caKey)));
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(certificate);
            }
            return pem.toString();
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }

    private String signatureAlgorithm() {
        return "EC".equals(caKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }

    private static int keyUsage(List<String> usages) {
        int bits = 0;
        if (usages.contains("digital signature")) {
            bits |= KeyUsage.digitalSignature;
        }
        if (usages.contains("key encipherment")) {
            bits |= KeyUsage.keyEncipherment;
        }
        return bits == 0 ? KeyUsage.digitalSignature : bits;
    }
}
