package dev.capstan.controllers.deployment;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The deployment controller bean; {@code capstan.controllers.deployment.enabled=false} switches it off. */
@Configuration(proxyBeanMethods = false)
public class DeploymentControllerConfiguration {

    @Bean("deployment")
    @ConditionalOnProperty(prefix = "capstan.controllers.deployment", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public DeploymentController deploymentController(ControllerContext context) {
        return new DeploymentController(context.withIdentity("deployment-controller"));
    }
}
