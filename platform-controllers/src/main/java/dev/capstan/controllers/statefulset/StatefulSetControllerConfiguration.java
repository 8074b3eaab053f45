package dev.capstan.controllers.statefulset;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The StatefulSet controller, switched off with {@code capstan.controllers.statefulset.enabled=false}
 * (upstream's {@code --controllers=-statefulset}).
 */
@Configuration(proxyBeanMethods = false)
public class StatefulSetControllerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "capstan.controllers.statefulset", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public StatefulSetController statefulSetController(ControllerContext context) {
        return new StatefulSetController(context.withIdentity("statefulset-controller"));
    }
}
