package dev.capstan.controllers.csrsigning;

import dev.capstan.controllers.ControllerContext;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The CSR signer, when the cluster CA is configured (upstream's kube-controller-manager flags
 * {@code --cluster-signing-cert-file}, {@code --cluster-signing-key-file}, {@code --cluster-signing-duration}, as
 * {@code capstan.controllers.cluster-signing-*}; {@code capstan server} passes its own CA). Without them nothing
 * signs, as upstream's signer does not start without a CA. Off with {@code capstan.controllers.csrsigning.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
public class CsrSigningControllerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "capstan.controllers", name = {"cluster-signing-cert-file", "cluster-signing-key-file"})
    @ConditionalOnProperty(prefix = "capstan.controllers.csrsigning", name = "enabled", matchIfMissing = true)
    public CsrSigningController csrSigningController(ControllerContext context,
            @Value("${capstan.controllers.cluster-signing-cert-file}") Path certFile,
            @Value("${capstan.controllers.cluster-signing-key-file}") Path keyFile,
            @Value("${capstan.controllers.cluster-signing-duration:8760h}") String duration) {
        ClusterSigner signer = ClusterSigner.load(certFile, keyFile, DurationStyle.detectAndParse(duration));
        return new CsrSigningController(context.withIdentity("certificate-controller"), signer, Clock.systemUTC());
    }
}
