package dev.capstan.controllers.cronjob;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The CronJob controller, switchable with {@code capstan.controllers.cronjob.enabled}. */
@Configuration(proxyBeanMethods = false)
public class CronJobControllerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "capstan.controllers.cronjob", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public CronJobController cronJobController(ControllerContext context) {
        return new CronJobController(context.withIdentity("cronjob-controller"));
    }
}
