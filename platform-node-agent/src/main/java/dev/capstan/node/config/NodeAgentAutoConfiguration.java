package dev.capstan.node.config;

import dev.capstan.node.images.NodeImages;
import dev.capstan.node.kubelet.Kubelet;
import dev.capstan.node.proxy.KernelSettings;
import dev.capstan.node.proxy.ServiceProxy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The node agent: kubelet, service proxy and cluster DNS, for an application that has a Fabric8
 * {@code KubernetesClient} bean (the {@code agent} role builds one from its kubeconfig) and a
 * {@link ContainerRuntimeEndpoint}.
 */
@AutoConfiguration
@ConditionalOnBean(io.fabric8.kubernetes.client.KubernetesClient.class)
@EnableConfigurationProperties(NodeAgentProperties.class)
@Import({KubeletConfiguration.class, KubeletServerConfiguration.class, ProxyConfiguration.class, DnsConfiguration.class,
        PodNetworkConfiguration.class})
public class NodeAgentAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public MeterRegistry nodeAgentMeterRegistry() {
        return new SimpleMeterRegistry();
    }

    /** No CRI socket configured: the agent runs its own containerd under {@code <root-dir>/containerd}. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ContainerRuntimeEndpoint.class)
    public ManagedRuntime managedRuntime(NodeAgentProperties properties,
                                         @org.springframework.beans.factory.annotation.Value("${capstan.node.pod-subnet:}") String podSubnet) {
        return new ManagedRuntime(properties.rootDir().resolve("containerd"), NodeImages.DEFAULT_BUSYBOX, podSubnet);
    }

    @Bean
    public NodeAgent nodeAgent(Kubelet kubelet, ObjectProvider<ServiceProxy> proxy, ObjectProvider<KernelSettings> kernel,
                               ObjectProvider<AgentService> services) {
        return new NodeAgent(kubelet, proxy, kernel, services);
    }
}
