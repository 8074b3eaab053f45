package dev.capstan.server;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Users of a test cluster, each a client certificate signed by the cluster CA (as an administrator makes them with
 * openssl): user = CN, groups = O. Gives a kubeconfig for kubectl and an SSLContext for JDK HTTP clients.
 */
final class TestUsers {

    private final Path dataDir;
    private final Path dir;
    private final String serverUrl;

    TestUsers(Path dataDir, String serverUrl) throws IOException {
        this.dataDir = dataDir;
        this.dir = Files.createDirectories(dataDir.resolve("test-users"));
        this.serverUrl = serverUrl;
    }

    /** A user: its certificate and key files. */
    record User(String name, Path cert, Path key, Path kubeconfig, SSLContext tls) {
    }

    User issue(String name, String... groups) throws Exception {
        String file = name.replace(':', '_');
        Path key = dir.resolve(file + ".key");
        Path csr = dir.resolve(file + ".csr");
        Path cert = dir.resolve(file + ".crt");
        Path ext = dir.resolve(file + ".ext");
        Files.writeString(ext, "extendedKeyUsage=clientAuth\n");
        StringBuilder subject = new StringBuilder();
        for (String group : groups) {
            subject.append("/O=").append(group);
        }
        subject.append("/CN=").append(name);
        run("openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-subj",
                subject.toString(), "-out", csr.toString());
        Path pki = dataDir.resolve("pki");
        run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", pki.resolve("ca.crt").toString(), "-CAkey",
                pki.resolve("ca.key").toString(), "-CAcreateserial", "-days", "1", "-extfile", ext.toString(),
                "-out", cert.toString());
        Path kubeconfig = dir.resolve(file + ".kubeconfig");
        Files.writeString(kubeconfig, kubeconfig(cert, key));
        return new User(name, cert, key, kubeconfig, tls(cert, key));
    }

    /** No client certificate: anonymous. */
    SSLContext anonymous() throws Exception {
        return tls(null, null);
    }

    private String kubeconfig(Path cert, Path key) throws IOException {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: capstan
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: user
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: capstan
                  context: {cluster: capstan, user: user}
                current-context: capstan
                """.formatted(serverUrl, base64(dataDir.resolve("pki/ca.crt")), base64(cert), base64(key));
    }

    private SSLContext tls(Path cert, Path key) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificate(dataDir.resolve("pki/ca.crt")));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (cert != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("user", privateKey(key), new char[0], new X509Certificate[] {certificate(cert)});
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static PrivateKey privateKey(Path file) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return object instanceof PEMKeyPair pair ? converter.getKeyPair(pair).getPrivate()
                    : converter.getPrivateKey((PrivateKeyInfo) object);
        }
    }

    private static X509Certificate certificate(Path file) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }

    private static String base64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }
}
