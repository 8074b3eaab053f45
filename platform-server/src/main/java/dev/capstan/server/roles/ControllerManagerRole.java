package dev.capstan.server.roles;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

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
        "dev.capstan.scheduling.config.SchedulerAutoConfiguration",
        "dev.capstan.node.config.NodeAgentAutoConfiguration"})
@Import(ComponentSupport.class)
public class ControllerManagerRole {

    @Bean(destroyMethod = "close")
    public KubernetesClient controllerManagerClient(@Value("${capstan.kubeconfig}") Path kubeconfig) {
        return ClusterClientFactory.fromKubeconfig(kubeconfig, "capstan-controller-manager");
    }
}
