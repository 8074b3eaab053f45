package dev.capstan.controllers.endpoints;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Endpoints controller as a bean; off with {@code capstan.controllers.endpoints.enabled=false}. */
@Configuration(proxyBeanMethods = false)
public class EndpointsControllerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "capstan.controllers.endpoints", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public EndpointsController endpointsController(ControllerContext context) {
        return new EndpointsController(context.withIdentity("endpoint-controller"));
    }
}
