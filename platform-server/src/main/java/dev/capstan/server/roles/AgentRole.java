package dev.capstan.server.roles;

import dev.capstan.node.config.ContainerRuntimeEndpoint;
import dev.capstan.node.config.NodeAddresses;
import dev.capstan.node.config.NodeAgentProperties;
import dev.capstan.node.config.ProxyApiClient;
import dev.capstan.server.join.AgentCredentials;
import dev.capstan.server.join.TlsBootstrap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The {@code agent} role's application: the node agent (kubelet, service proxy, cluster DNS) with a Fabric8
 * client from {@code capstan.kubeconfig} (the node's identity), one from {@code capstan.node.proxy-kubeconfig} for the
 * proxy and DNS when given — or both from a TLS bootstrap with {@code capstan.node.bootstrap-token} (a joining node), and the containerd socket from {@code capstan.node.containerd-socket}.
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

    /** The given kubeconfigs, or a TLS bootstrap from a bootstrap token (a joining node). */
    @Bean
    public AgentCredentials agentCredentials(@Value("${capstan.kubeconfig:}") String kubeconfig,
            @Value("${capstan.node.proxy-kubeconfig:}") String proxyKubeconfig,
            @Value("${capstan.node.server:}") String server, @Value("${capstan.node.bootstrap-token:}") String token,
            @Value("${capstan.node.ca-file:}") String caFile, NodeAgentProperties node) {
        TlsBootstrap bootstrap = token.isEmpty() ? null
                : new TlsBootstrap(server, token, Path.of(caFile), AgentCredentials.BOOTSTRAP_TIMEOUT);
        return new AgentCredentials(kubeconfig.isEmpty() ? null : Path.of(kubeconfig),
                proxyKubeconfig.isEmpty() ? null : Path.of(proxyKubeconfig), bootstrap, node.rootDir(),
                node.name() == null || node.name().isEmpty() ? NodeAddresses.hostName() : node.name());
    }

    @Bean(destroyMethod = "close")
    public KubernetesClient agentClient(AgentCredentials credentials) {
        return ClusterClientFactory.fromKubeconfig(credentials.nodeKubeconfig(), "capstan-node-agent");
    }

    /**
     * The service proxy's and cluster DNS's own identity (upstream's kube-proxy kubeconfig), when given or
     * bootstrapped: a node's credentials may read only what the node's pods use, not every Service and EndpointSlice.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${capstan.node.proxy-kubeconfig:}' != '' or '${capstan.node.bootstrap-token:}' != ''")
    public ProxyApiClient proxyApiClient(AgentCredentials credentials) {
        return new ProxyApiClient(ClusterClientFactory.fromKubeconfig(credentials.proxyKubeconfigOrNull(), "capstan-node-proxy"));
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
