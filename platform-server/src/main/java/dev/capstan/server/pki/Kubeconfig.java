package dev.capstan.server.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/** Writes a kubeconfig for the admin: the server URL, the cluster CA and the admin's client certificate, inline. */
public final class Kubeconfig {

    private Kubeconfig() {
    }

    public static void writeAdmin(Path file, String serverUrl, ClusterPki pki) {
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
                    - name: admin
                      user:
                        client-certificate-data: %s
                        client-key-data: %s
                    contexts:
                    - name: capstan
                      context:
                        cluster: capstan
                        user: admin
                    current-context: capstan
                    """.formatted(serverUrl, base64(pki.caCert()), base64(pki.adminCert()), base64(pki.adminKey()));
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
