package dev.capstan.server.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The TLS side of an admin kubeconfig as Capstan writes it (inline {@code *-data} fields): an {@link SSLContext}
 * presenting the admin's client certificate and trusting only the cluster CA.
 */
record KubeconfigTls(String server, SSLContext sslContext) {

    /** Reads {@code file}; fails if a field is missing or the PEM cannot be read. */
    static KubeconfigTls read(Path file) throws IOException, GeneralSecurityException {
        // the file is Capstan's own fixed layout, so fields are read by name rather than with a YAML parser
        String yaml = Files.readString(file);
        String server = field(yaml, "server");
        byte[] ca = Base64.getDecoder().decode(field(yaml, "certificate-authority-data"));
        byte[] cert = Base64.getDecoder().decode(field(yaml, "client-certificate-data"));
        byte[] key = Base64.getDecoder().decode(field(yaml, "client-key-data"));

        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        Certificate caCert = x509.generateCertificate(new ByteArrayInputStream(ca));
        Certificate[] chain = x509.generateCertificates(new ByteArrayInputStream(cert)).toArray(Certificate[]::new);

        char[] password = "bench".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("admin", privateKey(key), password, chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("cluster-ca", caCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);

        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return new KubeconfigTls(server, context);
    }

    private static PrivateKey privateKey(byte[] pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            Object parsed = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (parsed instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException("client-key-data is not a PEM private key: " + parsed);
        }
    }

    private static String field(String yaml, String name) throws IOException {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + ":\\s*(\\S+)\\s*$").matcher(yaml);
        if (!m.find()) {
            throw new IOException("kubeconfig has no " + name);
        }
        return m.group(1);
    }
}
