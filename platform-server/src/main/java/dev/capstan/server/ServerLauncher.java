package dev.capstan.server;

import dev.capstan.server.pki.ClusterPki;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * What every role that serves the API ({@code server}, {@code apiserver}, {@code all-in-one}) does before Spring
 * starts: the data directory and the cluster PKI (made on first start, loaded from {@code DIR/pki} after — also
 * when another API server's PKI was copied there), then HTTPS with the cluster's serving certificate, asking for
 * (not requiring) client certificates.
 */
final class ServerLauncher {

    private ServerLauncher() {
    }

    static ConfigurableApplicationContext run(Class<?> role, String... args) {
        SimpleCommandLinePropertySource flags = new SimpleCommandLinePropertySource(args);
        Path dataDir = Path.of(flags.containsProperty("capstan.store.data-dir")
                ? flags.getProperty("capstan.store.data-dir") : "data").toAbsolutePath();
        ClusterPki pki = ClusterPki.loadOrCreate(dataDir.resolve("pki"), serverNames());
        SpringApplication app = new SpringApplication(role);
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("capstan.store.data-dir", dataDir.toString());
        defaults.put("server.port", "6443");
        defaults.put("server.ssl.bundle", "capstan");
        defaults.put("server.ssl.client-auth", "want");
        defaults.put("spring.ssl.bundle.pem.capstan.keystore.certificate", "file:" + pki.serverCert());
        defaults.put("spring.ssl.bundle.pem.capstan.keystore.private-key", "file:" + pki.serverKey());
        defaults.put("spring.ssl.bundle.pem.capstan.truststore.certificate", "file:" + pki.caCert());
        defaults.put("spring.main.banner-mode", "off");
        app.setDefaultProperties(defaults);
        return app.run(args);
    }

    private static List<String> serverNames() {
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"));
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName());
            names.add(local.getHostAddress());
        } catch (UnknownHostException e) {
            // loopback names are enough for a single machine
        }
        return names;
    }
}
