package dev.capstan.server.roles;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * What every component role (scheduler, controller manager) has besides its own beans: a metrics registry
 * when it runs alone, and {@code /metrics} and health on its port. Imported by each role.
 */
@Configuration(proxyBeanMethods = false)
class ComponentSupport {

    /** Its own registry when it runs alone; inside the server it uses the API server's (the parent's). */
    @Bean
    @ConditionalOnMissingBean(MeterRegistry.class)
    PrometheusMeterRegistry componentMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** {@code /metrics} and health on the component's port (used only when it runs with a web server). */
    @Bean
    RouterFunction<ServerResponse> componentEndpoints(ObjectProvider<PrometheusMeterRegistry> registry) {
        return ComponentEndpoints.routes(registry.getObject());
    }
}
