package dev.capstan.scheduling.config;

import dev.capstan.scheduling.plugins.defaultbinder.DefaultBinder;
import dev.capstan.scheduling.plugins.defaultpreemption.DefaultPreemption;
import dev.capstan.scheduling.plugins.imagelocality.ImageLocality;
import dev.capstan.scheduling.plugins.interpodaffinity.InterPodAffinity;
import dev.capstan.scheduling.plugins.nodeaffinity.NodeAffinity;
import dev.capstan.scheduling.plugins.nodename.NodeName;
import dev.capstan.scheduling.plugins.nodeports.NodePorts;
import dev.capstan.scheduling.plugins.noderesources.NodeResourcesBalancedAllocation;
import dev.capstan.scheduling.plugins.noderesources.NodeResourcesFit;
import dev.capstan.scheduling.plugins.nodeunschedulable.NodeUnschedulable;
import dev.capstan.scheduling.plugins.podtopologyspread.PodTopologySpread;
import dev.capstan.scheduling.plugins.tainttoleration.TaintToleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Upstream's in-tree plugins as beans. Each backs off when the application defines its own bean of the
 * same type, so a plugin can be replaced; new plugins are simply more {@code Plugin} beans.
 */
@Configuration(proxyBeanMethods = false)
public class DefaultPluginsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public NodeName nodeNamePlugin() {
        return new NodeName();
    }

    @Bean
    @ConditionalOnMissingBean
    public NodeUnschedulable nodeUnschedulablePlugin() {
        return new NodeUnschedulable();
    }

    @Bean
    @ConditionalOnMissingBean
    public TaintToleration taintTolerationPlugin() {
        return new TaintToleration();
    }

    @Bean
    @ConditionalOnMissingBean
    public NodeAffinity nodeAffinityPlugin() {
        return new NodeAffinity();
    }

    @Bean
    @ConditionalOnMissingBean
    public NodePorts nodePortsPlugin() {
        return new NodePorts();
    }

    @Bean
    @ConditionalOnMissingBean
    public NodeResourcesFit nodeResourcesFitPlugin(SchedulerProperties properties) {
        return new NodeResourcesFit(properties.getNodeResourcesFit().getScoringStrategy());
    }

    @Bean
    @ConditionalOnMissingBean
    public NodeResourcesBalancedAllocation nodeResourcesBalancedAllocationPlugin() {
        return new NodeResourcesBalancedAllocation();
    }

    @Bean
    @ConditionalOnMissingBean
    public PodTopologySpread podTopologySpreadPlugin() {
        return new PodTopologySpread();
    }

    @Bean
    @ConditionalOnMissingBean
    public InterPodAffinity interPodAffinityPlugin() {
        return new InterPodAffinity();
    }

    @Bean
    @ConditionalOnMissingBean
    public ImageLocality imageLocalityPlugin() {
        return new ImageLocality();
    }

    @Bean
    @ConditionalOnMissingBean
    public DefaultPreemption defaultPreemptionPlugin() {
        return new DefaultPreemption();
    }

    @Bean
    @ConditionalOnMissingBean
    public DefaultBinder defaultBinderPlugin(KubernetesClient client) {
        return new DefaultBinder(client);
    }
}
