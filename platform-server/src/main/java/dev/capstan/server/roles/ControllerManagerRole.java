package dev.capstan.server.roles;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The {@code controller-manager} role's application: the controllers' auto-configuration (and any
 * controller jars'), with a Fabric8 client from {@code capstan.kubeconfig}. No API server or store beans.
 * Alone ({@code capstan controller-manager}) it serves {@code /metrics} and health on its own port (10257 by
 * default, like kube-controller-manager); in {@code capstan server} it runs as a child context of the API server.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "dev.capstan.api.config.StorageAutoConfiguration",
        "dev.capstan.api.config.ApiServerAutoConfiguration",
        "dev.capstan.scheduling.config.SchedulerAutoConfiguration"})
public class ControllerManagerRole {

    @Bean(destroyMethod = "close")
    public KubernetesClient controllerManagerClient(@Value("${capstan.kubeconfig}") Path kubeconfig) {
        return ClusterClientFactory.fromKubeconfig(kubeconfig, "capstan-controller-manager");
    }

    /** Its own registry when it runs alone; inside the server it uses the API server's (the parent's). */
    @Bean
    @ConditionalOnMissingBean(MeterRegistry.class)
    public PrometheusMeterRegistry componentMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** {@code /metrics} and health on the component's port (used only when it runs with a web server). */
    @Bean
    public RouterFunction<ServerResponse> componentEndpoints(ObjectProvider<PrometheusMeterRegistry> registry) {
        return ComponentEndpoints.routes(registry.getObject());
    }
}
