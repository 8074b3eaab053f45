package dev.capstan.node.config;

import dev.capstan.node.proxy.Iptables;
import dev.capstan.node.proxy.KernelSettings;
import dev.capstan.node.proxy.ProxyRuleApplier;
import dev.capstan.node.proxy.ProxySettings;
import dev.capstan.node.proxy.ServiceProxy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service proxy (kube-proxy's iptables mode); {@code capstan.node.proxy.enabled=false} leaves it out. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "capstan.node.proxy", name = "enabled", havingValue = "true", matchIfMissing = true)
public class ProxyConfiguration {

    @Bean
    public KernelSettings kernelSettings() {
        return new KernelSettings();
    }

    @Bean(destroyMethod = "close")
    public ServiceProxy serviceProxy(KubernetesClient client, ObjectProvider<ProxyApiClient> proxyClient, MeterRegistry registry) {
        return new ServiceProxy(ProxyApiClient.orAgents(proxyClient, client), new ProxyRuleApplier(new Iptables()), ProxySettings.defaults(), registry);
    }
}
