package dev.capstan.controllers.nodelifecycle;

import dev.capstan.controllers.ControllerContext;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node lifecycle and taint eviction controllers. */
@Configuration(proxyBeanMethods = false)
public class NodeLifecycleControllerConfiguration {

    /**
     * @param grace upstream's {@code --node-monitor-grace-period} (50 s since 1.32)
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "capstan.controllers.nodelifecycle", name = "enabled", matchIfMissing = true)
    public NodeLifecycleController nodeLifecycleController(ControllerContext context,
            @Value("${capstan.controllers.nodelifecycle.node-monitor-grace-period:50s}") Duration grace) {
        return new NodeLifecycleController(context, grace, Clock.systemUTC());
    }

    /**
     * @param defaultTolerationSeconds how long pods without their own not-ready / unreachable toleration stay
     *     on a failed node (upstream's DefaultTolerationSeconds admission default, 300 s)
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "capstan.controllers.taint-eviction", name = "enabled", matchIfMissing = true)
    public TaintEvictionController taintEvictionController(ControllerContext context,
            @Value("${capstan.controllers.taint-eviction.default-toleration-seconds:300s}") Duration defaultTolerationSeconds) {
        return new TaintEvictionController(context, defaultTolerationSeconds, Clock.systemUTC());
    }
}
