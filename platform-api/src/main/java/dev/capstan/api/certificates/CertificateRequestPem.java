package dev.capstan.api.certificates;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * A CertificateSigningRequest's {@code spec.request}: base64 (JSON {@code []byte}) of a PEM
 * {@code CERTIFICATE REQUEST} block, parsed with BouncyCastle's PKCS#10 reader; the signature must verify, as
 * upstream's {@code x509.ParseCertificateRequest} + {@code CheckSignature}.
 */
public final class CertificateRequestPem {

    private final PKCS10CertificationRequest request;

    private CertificateRequestPem(PKCS10CertificationRequest request) {
        this.request = request;
    }

    /** Parses the base64 of {@code spec.request}; the message of the exception is upstream's wording. */
    public static CertificateRequestPem parseBase64(String base64) {
        byte[] pem;
        try {
            pem = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("illegal base64 data");
        }
        return parse(new String(pem, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Parses a PEM {@code CERTIFICATE REQUEST}. */
    public static CertificateRequestPem parse(String pem) {
        PemObject block;
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            block = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            block = null;
        }
        if (block == null || !"CERTIFICATE REQUEST".equals(block.getType())) {
            throw new IllegalArgumentException("PEM block type must be CERTIFICATE REQUEST");
        }
        try {
            PKCS10CertificationRequest request = new PKCS10CertificationRequest(block.getContent());
            // the JCA key (by algorithm name: EC, RSA), as the JDK's providers know no key factory by OID
            var verifier = new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                    .build(new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(request).getPublicKey());
            if (!request.isSignatureValid(verifier)) {
                throw new IllegalArgumentException("x509: signature of the certificate request does not verify");
            }
            return new CertificateRequestPem(request);
        } catch (IOException | java.security.GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.pkcs.PKCSException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("x509: malformed certificate request: " + e.getMessage());
        }
    }

    /** The subject's organizations (x509 authentication's groups). */
    public List<String> organizations() {
        return values(BCStyle.O);
    }

    private List<String> values(org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        X500Name subject = request.getSubject();
        List<String> values = new ArrayList<>();
        for (RDN rdn : subject.getRDNs(type)) {
            values.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
        return values;
    }
}
