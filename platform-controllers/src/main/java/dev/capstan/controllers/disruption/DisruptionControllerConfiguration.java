package dev.capstan.controllers.disruption;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The disruption (PodDisruptionBudget status) controller as a bean; off with {@code capstan.controllers.disruption.enabled=false}. */
@Configuration(proxyBeanMethods = false)
public class DisruptionControllerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "capstan.controllers.disruption", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public DisruptionController disruptionController(ControllerContext context) {
        return new DisruptionController(context.withIdentity("disruption-controller"));
    }
}
