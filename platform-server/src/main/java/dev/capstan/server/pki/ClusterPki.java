package dev.capstan.server.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's certificates, made with BouncyCastle on first start and kept in {@code <data-dir>/pki}: a
 * self-signed CA, the API server's serving certificate (signed by it, with the names clients use) and the
 * admin's client certificate ({@code CN=admin, O=system:masters}, upstream's superuser group). RSA 2048.
 * Existing files are reused, so restarts keep the same CA and kubeconfigs stay valid.
 */
public final class ClusterPki {

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(365);

    private final Path dir;

    private ClusterPki(Path dir) {
        this.dir = dir;
    }

    /** Loads the PKI in {@code dir}, creating what is missing. */
    public static ClusterPki loadOrCreate(Path dir, List<String> serverNames) {
        ClusterPki pki = new ClusterPki(dir);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(pki.caCert())) {
                pki.create(serverNames);
            }
            if (!Files.exists(pki.kubeletClientCert())) {
                pki.createKubeletClient();
            }
            return pki;
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the cluster PKI in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    public Path serverCert() {
        return dir.resolve("server.crt");
    }

    public Path serverKey() {
        return dir.resolve("server.key");
    }

    public Path adminCert() {
        return dir.resolve("admin.crt");
    }

    public Path adminKey() {
        return dir.resolve("admin.key");
    }

    /** What the API server presents to kubelets (upstream's apiserver-kubelet-client, kubeadm's name). */
    public Path kubeletClientCert() {
        return dir.resolve("apiserver-kubelet-client.crt");
    }

    public Path kubeletClientKey() {
        return dir.resolve("apiserver-kubelet-client.key");
    }

    /** Signs the kubelet client certificate with the existing CA (also for data directories made before it existed). */
    private void createKubeletClient() throws IOException, GeneralSecurityException, OperatorCreationException {
        signClient(kubeletClientCert(), kubeletClientKey(), "CN=kube-apiserver-kubelet-client,O=system:masters");
    }

    /** A client certificate and its key, as files. */
    public record ClientCredential(Path cert, Path key) {
    }

    /**
     * The client certificate {@code <name>.crt} for {@code user} in {@code groups} (x509 authentication: CN = user,
     * O = groups), signed by the cluster CA when missing, so each component reaches the API as itself (upstream's
     * system:kube-scheduler, system:kube-controller-manager, system:kube-proxy, system:node:&lt;name&gt;).
     */
    public ClientCredential clientCredential(String name, String user, String... groups) {
        ClientCredential credential = new ClientCredential(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        if (Files.exists(credential.cert()) && Files.exists(credential.key())) {
            return credential;
        }
        StringBuilder subject = new StringBuilder("CN=").append(user);
        for (String group : groups) {
            subject.append(",O=").append(group);
        }
        try {
            signClient(credential.cert(), credential.key(), subject.toString());
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the client certificate " + credential.cert() + ": " + e.getMessage(), e);
        }
        return credential;
    }

    private void signClient(Path certFile, Path keyFile, String subject)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        X509Certificate ca;
        try (var in = Files.newInputStream(caCert())) {
            ca = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        PrivateKey caKey = readPrivateKey(dir.resolve("ca.key"));
        KeyPair keys = newKeyPair();
        X509Certificate client = sign(new X500Name(subject), keys.getPublic(),
                X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), caKey, LEAF_VALIDITY, false,
                KeyPurposeId.id_kp_clientAuth, null);
        // key first: a reader that finds the certificate finds its key
        writePem(keyFile, keys.getPrivate(), true);
        writePem(certFile, client, false);
    }

    /** Reads a PEM private key (PKCS#1 or PKCS#8) as this class writes them. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(Files.newBufferedReader(file))) {
            Object object = parser.readObject();
            var converter = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
            if (object instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException("no private key in " + file);
        }
    }

    private void create(List<String> serverNames) throws IOException, GeneralSecurityException, OperatorCreationException {
        KeyPair caKeys = newKeyPair();
        X500Name caName = new X500Name("CN=capstan-ca");
        X509Certificate ca = sign(caName, caKeys.getPublic(), caName, caKeys.getPrivate(), CA_VALIDITY, true, null, null);
        KeyPair serverKeys = newKeyPair();
        X509Certificate server = sign(new X500Name("CN=kube-apiserver"), serverKeys.getPublic(), caName,
                caKeys.getPrivate(), LEAF_VALIDITY, false, KeyPurposeId.id_kp_serverAuth, serverNames);
        KeyPair adminKeys = newKeyPair();
        X509Certificate admin = sign(new X500Name("CN=admin,O=system:masters"), adminKeys.getPublic(), caName,
                caKeys.getPrivate(), LEAF_VALIDITY, false, KeyPurposeId.id_kp_clientAuth, null);
        writePem(caCert(), ca, false);
        writePem(dir.resolve("ca.key"), caKeys.getPrivate(), true);
        writePem(serverCert(), server, false);
        writePem(serverKey(), serverKeys.getPrivate(), true);
        writePem(adminCert(), admin, false);
        writePem(adminKey(), adminKeys.getPrivate(), true);
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        // RSA 2048 as kubeadm makes them: every client (kubectl, Fabric8, client-java, Helm) reads these keys
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, java.security.PublicKey key, X500Name issuer,
            PrivateKey issuerKey, Duration validity, boolean ca, KeyPurposeId purpose, List<String> names)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(validity)), subject, key);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, ca
                ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)
                : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        if (purpose != null) {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (names != null && !names.isEmpty()) {
            List<GeneralName> general = new ArrayList<>();
            for (String name : names) {
                general.add(name.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, name)
                        : new GeneralName(GeneralName.dNSName, name));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(general.toArray(GeneralName[]::new)));
        }
        var signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static void writePem(Path file, Object object, boolean secret) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            // private keys as PKCS#1 (BEGIN RSA PRIVATE KEY), the form kubeadm writes and every client parses
            pem.writeObject(object);
        }
        Path partial = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(partial, text.toString());
        if (secret) {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
