package dev.capstan.server.roles;

import dev.capstan.node.config.ContainerRuntimeEndpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The {@code agent} role's application: the node agent (kubelet, service proxy, cluster DNS) with a Fabric8
 * client from {@code capstan.kubeconfig}, and the containerd socket from {@code capstan.node.containerd-socket}.
 * No API server, store, scheduler or controller beans.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "dev.capstan.api.config.StorageAutoConfiguration",
        "dev.capstan.api.config.ApiServerAutoConfiguration",
        "dev.capstan.scheduling.config.SchedulerAutoConfiguration",
        "dev.capstan.controllers.config.ControllersAutoConfiguration"})
@Import(ComponentSupport.class)
public class AgentRole {

    @Bean(destroyMethod = "close")
    public KubernetesClient agentClient(@Value("${capstan.kubeconfig}") Path kubeconfig) {
        return ClusterClientFactory.fromKubeconfig(kubeconfig, "capstan-node-agent");
    }

    /**
     * The agent's own Reactor Netty loops: with Boot's default (global resources) closing the agent would dispose
     * the loops of an API server running in the same JVM (all-in-one, tests).
     */
    @Bean
    public ReactorResourceFactory agentReactorResources() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }

    @Bean
    @ConditionalOnProperty(prefix = "capstan.node", name = "containerd-socket")
    public ContainerRuntimeEndpoint configuredRuntime(@Value("${capstan.node.containerd-socket}") Path socket) {
        return () -> socket;
    }
}
