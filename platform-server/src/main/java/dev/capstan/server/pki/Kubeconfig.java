package dev.capstan.server.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/** Writes kubeconfigs: the server URL, the cluster CA and a client certificate, inline. */
public final class Kubeconfig {

    private Kubeconfig() {
    }

    public static void writeAdmin(Path file, String serverUrl, ClusterPki pki) {
        write(file, serverUrl, pki, new ClusterPki.ClientCredential(pki.adminCert(), pki.adminKey()), "admin");
    }

    /** A kubeconfig for {@code user} with the given client certificate. */
    public static void write(Path file, String serverUrl, ClusterPki pki, ClusterPki.ClientCredential credential, String user) {
        write(file, serverUrl, pki.caCert(), credential, user);
    }

    /** A kubeconfig trusting the CA in {@code caCert} (a joining node has the CA file, not the cluster's PKI). */
    public static void write(Path file, String serverUrl, Path caCert, ClusterPki.ClientCredential credential, String user) {
        try {
            String yaml = """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: capstan
                      cluster:
                        server: %s
                        certificate-authority-data: %s
                    users:
                    - name: %s
                      user:
                        client-certificate-data: %s
                        client-key-data: %s
                    contexts:
                    - name: capstan
                      context:
                        cluster: capstan
                        user: %s
                    current-context: capstan
                    """.formatted(serverUrl, base64(caCert), user, base64(credential.cert()), base64(credential.key()), user);
            Path partial = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(partial, yaml);
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String base64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }
}
