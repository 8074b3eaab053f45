package dev.capstan.controllers.rootcacertpublisher;

import dev.capstan.controllers.ControllerContext;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The root-ca-cert-publisher, switched off with {@code capstan.controllers.root-ca-cert-publisher.enabled=false}. It
 * publishes the CA its own kubeconfig trusts for the API server (upstream: the controller manager's
 * {@code --root-ca-file}); with none it publishes nothing, as upstream does not start it without a root CA.
 */
@Configuration(proxyBeanMethods = false)
public class RootCaCertPublisherConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "capstan.controllers.root-ca-cert-publisher", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public RootCaCertPublisher rootCaCertPublisher(ControllerContext context) {
        return new RootCaCertPublisher(context.withIdentity("root-ca-cert-publisher"), caPem(context.client().getConfiguration()));
    }

    static String caPem(Config config) {
        if (config.getCaCertData() != null && !config.getCaCertData().isEmpty()) {
            return new String(Base64.getDecoder().decode(config.getCaCertData().trim()), StandardCharsets.UTF_8);
        }
        if (config.getCaCertFile() != null && !config.getCaCertFile().isEmpty()) {
            try {
                return Files.readString(Path.of(config.getCaCertFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null; // no CA to publish (a kubeconfig without one): the controller then publishes nothing
    }
}
