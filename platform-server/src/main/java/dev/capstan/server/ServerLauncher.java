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
        refuseForeignServingCertificate(flags);
        Path dataDir = Path.of(flags.containsProperty("capstan.store.data-dir")
                ? flags.getProperty("capstan.store.data-dir") : "data").toAbsolutePath();
        // held until the context closes: `capstan etcd-snapshot restore` and a second server on DIR are refused
        DataDirLock lock = DataDirLock.acquire(dataDir);
        try {
            return run(role, dataDir, flags, lock, args);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    private static ConfigurableApplicationContext run(Class<?> role, Path dataDir, SimpleCommandLinePropertySource flags,
                                                      DataDirLock lock, String... args) {
        ClusterPki pki = ClusterPki.loadOrCreate(dataDir.resolve("pki"), serverNames(flags));
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
        // the web server drains requests in flight on close (after GracefulShutdown has ended the watches)
        defaults.put("server.shutdown", "graceful");
        app.setDefaultProperties(defaults);
        // registered first, so destroyed last: the lock outlives the store's close
        app.addInitializers(context -> ((DefaultListableBeanFactory) context.getBeanFactory())
                .registerDisposableBean("capstanDataDirLock", lock::close));
        return app.run(args);
    }

    /**
     * The API server serves with {@code DIR/pki/apiserver.crt}, signed by the cluster CA that every kubeconfig it
     * writes (its own components', the admin's, joining nodes') trusts; a certificate from another CA would break
     * them all. So {@code --tls-cert-file} (which the scheduler and controller manager roles take) is refused here
     * rather than ignored; names are added with {@code --tls-san}.
     */
    static void refuseForeignServingCertificate(SimpleCommandLinePropertySource flags) {
        if (flags.containsProperty("capstan.tls-cert-file") || flags.containsProperty("capstan.tls-private-key-file")) {
            throw new IllegalArgumentException("--tls-cert-file/--tls-private-key-file are for the scheduler and "
                    + "controller-manager roles; the API server serves with DATA/pki/apiserver.crt from the cluster CA "
                    + "(add names and addresses to it with --tls-san)");
        }
    }

    /**
     * The names in the serving certificate made on first start: loopback, the in-cluster names, this host, and
     * {@code --tls-san} (k3s' flag; kubeadm's {@code --apiserver-cert-extra-sans}): the load balancer's or DNS name
     * and the other API servers' addresses, which share this PKI in an HA cluster.
     */
    private static List<String> serverNames(SimpleCommandLinePropertySource flags) {
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"));
        if (flags.containsProperty("capstan.tls-san")) {
            for (String name : flags.getProperty("capstan.tls-san").split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
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
