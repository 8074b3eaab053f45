package dev.capstan.controllers.nodeipam;

import dev.capstan.controllers.ControllerContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node IPAM controller: pod CIDRs for Nodes (upstream's {@code --allocate-node-cidrs} with the range allocator). */
@Configuration(proxyBeanMethods = false)
public class NodeIpamControllerConfiguration {

    /**
     * @param clusterCidr      upstream's {@code --cluster-cidr}; k3s' default 10.42.0.0/16, whose first /24 is the
     *                         node agent's default pod subnet
     * @param nodeCidrMaskSize upstream's {@code --node-cidr-mask-size} (24: 254 pods per node, 256 nodes)
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "capstan.controllers.nodeipam", name = "enabled", matchIfMissing = true)
    public NodeIpamController nodeIpamController(ControllerContext context,
            @Value("${capstan.controllers.nodeipam.cluster-cidr:10.42.0.0/16}") String clusterCidr,
            @Value("${capstan.controllers.nodeipam.node-cidr-mask-size:24}") int nodeCidrMaskSize) {
        return new NodeIpamController(context.withIdentity("node-controller"), clusterCidr, nodeCidrMaskSize);
    }
}
