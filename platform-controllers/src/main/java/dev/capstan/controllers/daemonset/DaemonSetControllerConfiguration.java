package dev.capstan.controllers.daemonset;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The DaemonSet controller, switched off with {@code capstan.controllers.daemonset.enabled=false}. */
@Configuration(proxyBeanMethods = false)
public class DaemonSetControllerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "capstan.controllers.daemonset", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public DaemonSetController daemonSetController(ControllerContext context) {
        return new DaemonSetController(context.withIdentity("daemon-set-controller"));
    }
}
