package dev.capstan.server;

import dev.capstan.server.pki.ClusterPki;
import dev.capstan.server.snapshot.DataDirLock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * The {@code server} role: first-start setup (data directory, PKI) and then the Spring application serving
 * HTTPS with the cluster's serving certificate, asking for (not requiring) client certificates. No component
 * scan: the other roles' configurations ({@code roles}) must not be picked up by this one.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = "dev.capstan.node.config.NodeAgentAutoConfiguration")
@Import(ServerConfiguration.class)
public class ServerApplication {

    /** Starts the server with Spring-style arguments; returns the running context. */
    public static ConfigurableApplicationContext run(String... args) {
        SimpleCommandLinePropertySource flags = new SimpleCommandLinePropertySource(args);
        Path dataDir = Path.of(flags.containsProperty("capstan.store.data-dir")
                ? flags.getProperty("capstan.store.data-dir") : "data").toAbsolutePath();
        // held until the context closes: `capstan etcd-snapshot restore` and a second server on DIR are refused
        DataDirLock lock = DataDirLock.acquire(dataDir);
        try {
            return run(dataDir, lock, args);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    private static ConfigurableApplicationContext run(Path dataDir, DataDirLock lock, String... args) {
        ClusterPki pki = ClusterPki.loadOrCreate(dataDir.resolve("pki"), serverNames());
        SpringApplication app = new SpringApplication(ServerApplication.class);
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("capstan.store.data-dir", dataDir.toString());
        defaults.put("server.port", "6443");
        defaults.put("server.ssl.bundle", "capstan");
        defaults.put("server.ssl.client-auth", "want");
        defaults.put("spring.ssl.bundle.pem.capstan.keystore.certificate", "file:" + pki.serverCert());
        defaults.put("spring.ssl.bundle.pem.capstan.keystore.private-key", "file:" + pki.serverKey());
        defaults.put("spring.ssl.bundle.pem.capstan.truststore.certificate", "file:" + pki.caCert());
        defaults.put("spring.main.banner-mode", "off");
        // the web server drains requests in flight on close (after GracefulShutdown has ended the watches)
        defaults.put("server.shutdown", "graceful");
        app.setDefaultProperties(defaults);
        // registered first, so destroyed last: the lock outlives the store's close
        app.addInitializers(context -> ((DefaultListableBeanFactory) context.getBeanFactory())
                .registerDisposableBean("capstanDataDirLock", lock::close));
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
