package dev.capstan.controllers.serviceaccount;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The serviceaccount controller, switched off with {@code capstan.controllers.serviceaccount.enabled=false}. */
@Configuration(proxyBeanMethods = false)
public class ServiceAccountsControllerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "capstan.controllers.serviceaccount", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public ServiceAccountsController serviceAccountsController(ControllerContext context) {
        return new ServiceAccountsController(context.withIdentity("service-account-controller"));
    }
}
