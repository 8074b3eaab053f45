package dev.capstan.controllers.job;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Job controller, switchable with {@code capstan.controllers.job.enabled}.
 * {@code capstan.controllers.job.pod-failure-backoff} is the first wait before replacing failed pods
 * (upstream's fixed 10s; tests shorten it).
 */
@Configuration(proxyBeanMethods = false)
public class JobControllerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "capstan.controllers.job", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public JobController jobController(ControllerContext context,
                                       @Value("${capstan.controllers.job.pod-failure-backoff:10s}") String podFailureBackoff) {
        return new JobController(context.withIdentity("job-controller"), DurationStyle.detectAndParse(podFailureBackoff));
    }
}
