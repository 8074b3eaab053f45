package dev.capstan.controllers.csrapproving;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The CSR approver, switched off with {@code capstan.controllers.csrapproving.enabled=false}. */
@Configuration(proxyBeanMethods = false)
public class CsrApprovingControllerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "capstan.controllers.csrapproving", name = "enabled", matchIfMissing = true)
    public CsrApprovingController csrApprovingController(ControllerContext context) {
        return new CsrApprovingController(context.withIdentity("certificate-controller"));
    }
}
