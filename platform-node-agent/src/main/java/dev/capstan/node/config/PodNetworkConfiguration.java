package dev.capstan.node.config;

import dev.capstan.node.cri.CriClient;
import dev.capstan.node.kubelet.KubeletSettings;
import dev.capstan.node.network.CniConfigReload;
import dev.capstan.node.network.IpRoutes;
import dev.capstan.node.network.Ipv4Block;
import dev.capstan.node.network.PodCidrSource;
import dev.capstan.node.network.PodForwarding;
import dev.capstan.node.network.PodMasquerade;
import dev.capstan.node.network.PodNetwork;
import dev.capstan.node.network.PodRoutes;
import dev.capstan.node.proxy.Iptables;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pod network across nodes: pod CIDR from the Node, routes to the other nodes' pods, masquerading only out of
 * the cluster. {@code capstan.node.pod-network.enabled=false} leaves it out (the CNI network keeps the configured or
 * default subnet, and no routes are set).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "capstan.node.pod-network", name = "enabled", havingValue = "true", matchIfMissing = true)
public class PodNetworkConfiguration {

    /**
     * @param podSubnet   {@code capstan.node.pod-subnet} (upstream kubelet's {@code --pod-cidr}): used and published
     *                    to the Node when the Node has no pod CIDR yet
     * @param clusterCidr {@code capstan.node.cluster-cidr}: every node's pod CIDR lies in it (the node IPAM
     *                    controller's {@code cluster-cidr}); only routes inside it are managed, traffic to it is not
     *                    masqueraded
     * @param wait        {@code capstan.node.pod-cidr-wait}: how long to wait for the Node's pod CIDR
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PodNetwork podNetwork(KubernetesClient client, KubeletSettings kubelet, CriClient cri,
                                 ObjectProvider<ManagedRuntime> runtime,
                                 @Value("${capstan.node.pod-subnet:}") String podSubnet,
                                 @Value("${capstan.node.cluster-cidr:10.42.0.0/16}") String clusterCidr,
                                 @Value("${capstan.node.pod-cidr-wait:30s}") String wait) {
        Ipv4Block cluster = Ipv4Block.parse(clusterCidr);
        ManagedRuntime managed = runtime.getIfAvailable();
        return new PodNetwork(
                new PodCidrSource(client, kubelet.nodeName(), podSubnet, DurationStyle.detectAndParse(wait)),
                cluster,
                managed == null ? null : (cidr, bridgeMasquerade) -> {
                    managed.usePodNetwork(cidr, bridgeMasquerade);
                    CniConfigReload.awaitLoaded(() -> cri.status(true).getInfoMap().get("cniconfig"), cidr,
                            Duration.ofSeconds(10));
                },
                managed == null ? null : new PodMasquerade(new Iptables()),
                new PodForwarding(new Iptables()),
                new PodRoutes(client, kubelet.nodeName(), cluster, new IpRoutes(), Duration.ofMinutes(1)));
    }
}
