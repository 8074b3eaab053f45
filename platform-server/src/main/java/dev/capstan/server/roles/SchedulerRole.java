package dev.capstan.server.roles;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The {@code scheduler} role's application: the scheduler auto-configuration (and any plugin jars'), with a
 * Fabric8 client from {@code capstan.kubeconfig}. It never builds API server or store beans: those
 * auto-configurations are excluded. Alone ({@code capstan scheduler}) it serves {@code /metrics} and health
 * on its own port (10259 by default, like kube-scheduler); in {@code capstan server} it runs as a child
 * context of the API server without a web server, through the API like any other client.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "dev.capstan.api.config.StorageAutoConfiguration",
        "dev.capstan.api.config.ApiServerAutoConfiguration",
        "dev.capstan.controllers.config.ControllersAutoConfiguration",
        "dev.capstan.node.config.NodeAgentAutoConfiguration"})
@Import(ComponentSupport.class)
public class SchedulerRole {

    @Bean(destroyMethod = "close")
    public KubernetesClient schedulerClient(@Value("${capstan.kubeconfig}") Path kubeconfig) {
        return ClusterClientFactory.fromKubeconfig(kubeconfig, "capstan-scheduler");
    }
}
