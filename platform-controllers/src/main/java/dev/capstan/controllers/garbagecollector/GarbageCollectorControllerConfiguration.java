package dev.capstan.controllers.garbagecollector;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The garbage collector, switched off with {@code capstan.controllers.garbagecollector.enabled=false}. */
@Configuration(proxyBeanMethods = false)
public class GarbageCollectorControllerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "capstan.controllers.garbagecollector", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public GarbageCollectorController garbageCollectorController(ControllerContext context) {
        return new GarbageCollectorController(context.withIdentity("generic-garbage-collector"));
    }
}
