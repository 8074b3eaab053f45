package dev.capstan.server;

import dev.capstan.api.config.StoreProperties;
import dev.capstan.server.roles.ControlPlaneComponents;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the {@code server} role runs beside the API and the {@code apiserver} role does not. */
@Configuration(proxyBeanMethods = false)
public class ControlPlaneConfiguration {

    /**
     * The scheduler and the controller manager beside the API, unless {@code capstan.scheduler.enabled=false}
     * or {@code capstan.controllers.enabled=false}.
     */
    @Bean
    public ControlPlaneComponents controlPlaneComponents(StoreProperties store,
            @Value("${capstan.scheduler.enabled:true}") boolean scheduler,
            @Value("${capstan.controllers.enabled:true}") boolean controllers,
            @Value("${capstan.agent.enabled:false}") boolean agent) {
        return new ControlPlaneComponents(store, scheduler, controllers, agent);
    }
}
