package dev.capstan.controllers.resourcequota;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The resource quota controller as a bean; off with {@code capstan.controllers.resourcequota.enabled=false}. */
@Configuration(proxyBeanMethods = false)
public class ResourceQuotaControllerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "capstan.controllers.resourcequota", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public ResourceQuotaController resourceQuotaController(ControllerContext context) {
        return new ResourceQuotaController(context.withIdentity("resourcequota-controller"));
    }
}
