package dev.capstan.controllers.nodelifecycle;

import dev.capstan.controllers.ControllerContext;
import java.time.Clock;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node lifecycle and taint eviction controllers. Durations are read as Spring Boot writes them
 * ({@code 50s}, {@code 5m}) whether or not the context has Boot's conversion service.
 */
@Configuration(proxyBeanMethods = false)
public class NodeLifecycleControllerConfiguration {

    /**
     * @param grace upstream's {@code --node-monitor-grace-period} (50 s since 1.32)
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "capstan.controllers.nodelifecycle", name = "enabled", matchIfMissing = true)
    public NodeLifecycleController nodeLifecycleController(ControllerContext context,
            @Value("${capstan.controllers.nodelifecycle.node-monitor-grace-period:50s}") String grace) {
        return new NodeLifecycleController(context.withIdentity("node-controller"), DurationStyle.detectAndParse(grace), Clock.systemUTC());
    }

    /**
     * @param defaultTolerationSeconds how long pods without their own not-ready / unreachable toleration stay
     *     on a failed node (upstream's DefaultTolerationSeconds admission default, 300 s)
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "capstan.controllers.taint-eviction", name = "enabled", matchIfMissing = true)
    public TaintEvictionController taintEvictionController(ControllerContext context,
            @Value("${capstan.controllers.taint-eviction.default-toleration-seconds:300s}") String defaultTolerationSeconds) {
        return new TaintEvictionController(context.withIdentity("node-controller"), DurationStyle.detectAndParse(defaultTolerationSeconds), Clock.systemUTC());
    }
}
