package dev.capstan.server.roles;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/**
 * How the scheduler and the controller manager serve their own port when they run alone, as upstream's do on
 * 10259 / 10257: HTTPS ({@link ServingCertificate}) and delegated access checks ({@link DelegatedAccessFilter}).
 * Added by {@link ComponentApplication#runSecured}; the node agent's plain-HTTP health port does not use it.
 */
@Configuration(proxyBeanMethods = false)
class SecureServing {

    static final String BUNDLE = "capstan-component-serving";

    @Bean
    SslBundleRegistrar componentServingBundle(@Value("${capstan.tls-cert-file:}") String certificate,
                                              @Value("${capstan.tls-private-key-file:}") String privateKey) {
        if (certificate.isEmpty() != privateKey.isEmpty()) {
            throw new IllegalArgumentException("--tls-cert-file and --tls-private-key-file go together");
        }
        ServingCertificate serving = certificate.isEmpty() ? ServingCertificate.selfSigned()
                : ServingCertificate.fromFiles(Path.of(certificate), Path.of(privateKey));
        return registry -> registry.registerBundle(BUNDLE, serving.toBundle());
    }

    @Bean
    WebFilter delegatedAccessFilter(ObjectProvider<KubernetesClient> client) {
        return new DelegatedAccessFilter(client.getObject());
    }
}
