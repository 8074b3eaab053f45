package dev.capstan.server;

import dev.capstan.api.config.StoreProperties;
import dev.capstan.server.pki.ClusterPki;
import dev.capstan.server.pki.ComponentKubeconfigs;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every API-serving role ({@code server}, {@code apiserver}) adds to the API: the kubelet client identity and the
 * admin kubeconfig.
 */
@Configuration(proxyBeanMethods = false)
public class ServerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServerConfiguration.class);

    /**
     * The client certificate the API server presents to kubelets (logs, exec, port-forward), signed by the cluster
     * CA that the node agents trust for their HTTPS endpoint.
     */
    @Bean
    public dev.capstan.api.proxy.KubeletClientIdentity kubeletClientIdentity(StoreProperties store) throws Exception {
        java.nio.file.Path pki = store.getDataDir().toAbsolutePath().resolve("pki");
        java.security.cert.X509Certificate certificate;
        try (var in = java.nio.file.Files.newInputStream(pki.resolve("apiserver-kubelet-client.crt"))) {
            certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
        }
        return new dev.capstan.api.proxy.KubeletClientIdentity(
                dev.capstan.server.pki.ClusterPki.readPrivateKey(pki.resolve("apiserver-kubelet-client.key")), certificate);
    }

    /**
     * On etcd, which several API servers share: refuses to serve with a PKI other than the one the cluster in the
     * store was set up with, before the port opens (singletons are made before the web server starts). The embedded
     * store belongs to one server's data directory, whose PKI may be remade at will.
     */
    @Bean
    SharedPkiCheck sharedPkiCheck(dev.capstan.store.Storage storage, StoreProperties store,
                                  dev.capstan.api.security.authn.ServiceAccountKeys serviceAccountKeys) {
        return store.getEtcdServers().isEmpty() ? null
                : SharedPkiCheck.verify(storage, store.getDataDir().toAbsolutePath().resolve("pki"), serviceAccountKeys);
    }

    /**
     * Writes {@code <data-dir>/admin.kubeconfig} and the components' own kubeconfigs once the port is known (it may
     * be chosen at random).
     */
    @Bean
    public ApplicationListener<WebServerInitializedEvent> kubeconfigWriter(StoreProperties store) {
        return event -> {
            Path dataDir = store.getDataDir().toAbsolutePath();
            String url = "https://127.0.0.1:" + event.getWebServer().getPort();
            ComponentKubeconfigs.writeControlPlane(dataDir, url);
            log.info("event=kubeconfig_written path={} server={}", dataDir.resolve(ComponentKubeconfigs.ADMIN), url);
        };
    }
}
