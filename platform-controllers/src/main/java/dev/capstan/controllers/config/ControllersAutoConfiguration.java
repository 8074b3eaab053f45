package dev.capstan.controllers.config;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.runtime.ClusterEventRecorder;
import dev.capstan.controllers.runtime.ControllerManager;
import dev.capstan.controllers.runtime.ControllerRunner;
import dev.capstan.controllers.runtime.DefaultControllerContext;
import dev.capstan.controllers.runtime.QueueMetrics;
import dev.capstan.controllers.runtime.RateLimiter;
import dev.capstan.controllers.runtime.ServiceAccountClients;
import dev.capstan.controllers.runtime.SharedInformers;
import dev.capstan.controllers.runtime.WorkQueue;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The controller manager, when a {@link KubernetesClient} bean exists (the role that runs it provides one)
 * and {@code capstan.controllers.enabled} is not false. Controllers are any {@link Controller} beans: the
 * built-in ones come from {@link BuiltInControllersConfiguration}, a jar adds more through its own
 * auto-configuration (they get the {@link ControllerContext} bean).
 */
@AutoConfiguration
@ConditionalOnBean(KubernetesClient.class)
@ConditionalOnProperty(prefix = "capstan.controllers", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ControllersProperties.class)
@Import(BuiltInControllersConfiguration.class)
public class ControllersAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SharedInformers sharedInformers(KubernetesClient client) {
        return new SharedInformers(client);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ClusterEventRecorder controllerEventRecorder(KubernetesClient client) {
        return new ClusterEventRecorder(client);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "capstan.controllers", name = "use-service-account-credentials", matchIfMissing = true)
    public ServiceAccountClients serviceAccountClients(KubernetesClient client) {
        return new ServiceAccountClients(client);
    }

    @Bean
    @ConditionalOnMissingBean
    public ControllerContext controllerContext(KubernetesClient client, SharedInformers informers, ClusterEventRecorder events,
                                               ObjectProvider<ServiceAccountClients> accounts) {
        return new DefaultControllerContext(client, informers, events, accounts.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    public ControllerManager controllerManager(KubernetesClient client, SharedInformers informers, List<Controller> controllers,
                                               ObjectProvider<MeterRegistry> registry, ControllersProperties properties,
                                               Environment environment) {
        MeterRegistry meters = registry.getIfAvailable(SimpleMeterRegistry::new);
        List<ControllerRunner> runners = controllers.stream()
                .map(controller -> new ControllerRunner(controller, informers, new WorkQueue<ObjectKey>(controller.name(),
                        RateLimiter.controllerDefault(), new QueueMetrics(meters, controller.name())),
                        // upstream's --concurrent-<name>-syncs
                        environment.getProperty("capstan.controllers." + controller.name() + ".workers", Integer.class,
                                controller.workers())))
                .toList();
        return new ControllerManager(client, informers, runners, new ControllerManager.Election(
                properties.isLeaderElection(), "kube-system", "kube-controller-manager", properties.getLeaseDuration(),
                properties.getRenewDeadline(), properties.getRetryPeriod()));
    }
}
