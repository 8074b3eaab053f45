package dev.capstan.controllers.namespace;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The namespace controller, switched off with {@code capstan.controllers.namespace.enabled=false}. */
@Configuration(proxyBeanMethods = false)
public class NamespaceControllerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "capstan.controllers.namespace", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public NamespaceController namespaceController(ControllerContext context) {
        return new NamespaceController(context.withIdentity("namespace-controller"));
    }
}
