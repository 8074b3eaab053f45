package dev.capstan.node.config;

import dev.capstan.node.dns.ClusterDnsServer;
import dev.capstan.node.dns.DnsSettings;
import dev.capstan.node.dns.InformerServiceDirectory;
import dev.capstan.node.dns.PodDnsConfig;
import dev.capstan.node.dns.PodDnsConfigurer;
import dev.capstan.node.dns.ResolvConf;
import dev.capstan.node.kubelet.KubeletSettings;
import dev.capstan.node.kubelet.PodDns;
import dev.capstan.node.kubelet.PodResolvConf;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Cluster DNS on every node (like NodeLocal DNSCache, but authoritative for the cluster zone): the agent answers
 * on its node IP, port 53, and pods on the node use it as their nameserver unless {@code capstan.node.cluster-dns}
 * names another. {@code capstan.node.dns.enabled=false} leaves it out (pods then need a configured cluster DNS).
 */
@Configuration(proxyBeanMethods = false)
public class DnsConfiguration {

    /** Upstream kubelet's DNS configurer: dnsPolicy ClusterFirst/Default/None/ClusterFirstWithHostNet. */
    @Bean
    public PodDns podDns(KubeletSettings settings, @Value("${capstan.node.dns.enabled:true}") boolean dnsEnabled) {
        List<String> servers = !settings.clusterDns().isEmpty() ? settings.clusterDns()
                : dnsEnabled ? List.of(settings.nodeIp()) : List.of();
        PodDnsConfigurer configurer = new PodDnsConfigurer(servers, settings.clusterDomain(), ResolvConf.read(ResolvConf.HOST_RESOLV_CONF));
        return pod -> {
            PodDnsConfig config = configurer.configFor(pod);
            return new PodResolvConf(config.servers(), config.searches(), config.options());
        };
    }

    @Bean
    @ConditionalOnProperty(prefix = "capstan.node.dns", name = "enabled", havingValue = "true", matchIfMissing = true)
    public AgentService clusterDns(KubernetesClient agentClient, ObjectProvider<ProxyApiClient> proxyClient,
                                   KubeletSettings settings, MeterRegistry registry,
                                   @Value("${capstan.node.dns.port:53}") int port) throws UnknownHostException {
        KubernetesClient client = ProxyApiClient.orAgents(proxyClient, agentClient);
        DnsSettings dns = DnsSettings.defaults().withListenAddress(InetAddress.getByName(settings.nodeIp()))
                .withPort(port).withClusterDomain(settings.clusterDomain());
        return new AgentService() {
            private InformerServiceDirectory directory;
            private ClusterDnsServer server;

            @Override
            public void start() {
                directory = new InformerServiceDirectory(client);
                try {
                    directory.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("cluster DNS: the service caches did not sync: " + e.getMessage(), e);
                }
                server = new ClusterDnsServer(dns, directory, registry);
                server.start();
            }

            @Override
            public void stop() {
                if (server != null) {
                    server.stop();
                }
                if (directory != null) {
                    directory.stop();
                }
            }
        };
    }
}
