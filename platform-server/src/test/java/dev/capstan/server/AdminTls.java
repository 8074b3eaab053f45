package dev.capstan.server;

import java.io.StringReader;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** An SSLContext for plain JDK HTTP clients: the admin's client certificate, trusting the cluster CA. */
final class AdminTls {

    private AdminTls() {
    }

    static SSLContext context(Path dataDir) throws Exception {
        Path pki = dataDir.resolve("pki");
        X509Certificate ca = certificate(pki.resolve("ca.crt"));
        X509Certificate admin = certificate(pki.resolve("admin.crt"));
        PrivateKey key;
        try (PEMParser parser = new PEMParser(new StringReader(java.nio.file.Files.readString(pki.resolve("admin.key"))))) {
            key = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject()).getPrivate();
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("admin", key, new char[0], new X509Certificate[] {admin});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static X509Certificate certificate(Path file) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(java.nio.file.Files.readString(file)))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }
}
