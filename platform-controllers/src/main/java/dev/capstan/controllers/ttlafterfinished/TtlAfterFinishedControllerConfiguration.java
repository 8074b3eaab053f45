package dev.capstan.controllers.ttlafterfinished;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ttl-after-finished controller, switchable with {@code capstan.controllers.ttl-after-finished.enabled}. */
@Configuration(proxyBeanMethods = false)
public class TtlAfterFinishedControllerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "capstan.controllers.ttl-after-finished", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public TtlAfterFinishedController ttlAfterFinishedController(ControllerContext context) {
        return new TtlAfterFinishedController(context.withIdentity("ttl-after-finished-controller"));
    }
}
