package dev.capstan.controllers.endpointslice;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The EndpointSlice controller as a bean; off with {@code capstan.controllers.endpointslice.enabled=false}. */
@Configuration(proxyBeanMethods = false)
public class EndpointSliceControllerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "capstan.controllers.endpointslice", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public EndpointSliceController endpointSliceController(ControllerContext context) {
        return new EndpointSliceController(context.withIdentity("endpointslice-controller"));
    }
}
