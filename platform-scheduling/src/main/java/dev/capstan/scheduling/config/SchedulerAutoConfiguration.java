package dev.capstan.scheduling.config;

import dev.capstan.scheduling.Plugin;
import dev.capstan.scheduling.cache.SchedulerCache;
import dev.capstan.scheduling.core.ClusterWriter;
import dev.capstan.scheduling.core.PodPlacement;
import dev.capstan.scheduling.core.Scheduler;
import dev.capstan.scheduling.core.SchedulerInformers;
import dev.capstan.scheduling.core.SchedulerMetrics;
import dev.capstan.scheduling.core.SchedulerRunner;
import dev.capstan.scheduling.core.SchedulingReporter;
import dev.capstan.scheduling.framework.ParallelNodes;
import dev.capstan.scheduling.framework.ProfileFactory;
import dev.capstan.scheduling.framework.SchedulingFramework;
import dev.capstan.scheduling.queue.SchedulingQueue;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The scheduler, when a {@link KubernetesClient} bean exists (the role that runs it provides one) and
 * {@code capstan.scheduler.enabled} is not false. Plugins are any {@link Plugin} beans: the default ones
 * come from {@link DefaultPluginsConfiguration}, a jar can add more through its own auto-configuration.
 */
@AutoConfiguration
@ConditionalOnBean(KubernetesClient.class)
@ConditionalOnProperty(prefix = "capstan.scheduler", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(SchedulerProperties.class)
@Import(DefaultPluginsConfiguration.class)
public class SchedulerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public SchedulerCache schedulerCache() {
        return new SchedulerCache();
    }

    @Bean
    @ConditionalOnMissingBean
    public SchedulingQueue schedulingQueue(SchedulerProperties properties) {
        return new SchedulingQueue(properties.getPodInitialBackoff(), properties.getPodMaxBackoff(),
                properties.getPodMaxInUnschedulablePods(), System::nanoTime);
    }

    @Bean
    @ConditionalOnMissingBean
    public SchedulerInformers schedulerInformers(KubernetesClient client, SchedulerCache cache, SchedulingQueue queue,
                                                 SchedulerProperties properties) {
        Set<String> names = profileNames(properties);
        return new SchedulerInformers(client, cache, queue, pod -> names.contains(Scheduler.schedulerNameOf(pod)));
    }

    @Bean
    @ConditionalOnMissingBean
    public SchedulerProfiles schedulerProfiles(List<Plugin> plugins, KubernetesClient client, SchedulerInformers informers,
                                               SchedulerProperties properties) {
        return new SchedulerProfiles(new ProfileFactory(plugins, client, informers::podDisruptionBudgets)
                .build(properties.getProfiles().stream().map(SchedulerProperties.Profile::toSpec).toList()));
    }

    @Bean(destroyMethod = "close")
    public ClusterWriter schedulerClusterWriter() {
        return new ClusterWriter("scheduler-reporter", 2, 10_000);
    }

    @Bean
    @ConditionalOnMissingBean
    public SchedulerMetrics schedulerMetrics(ObjectProvider<MeterRegistry> registry, SchedulingQueue queue) {
        return new SchedulerMetrics(registry.getIfAvailable(SimpleMeterRegistry::new), queue);
    }

    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService schedulerWorkers(SchedulerProperties properties) {
        return Executors.newFixedThreadPool(Math.max(1, helpers(properties)), daemon("scheduler-parallel"));
    }

    @Bean(destroyMethod = "shutdown")
    public ExecutorService schedulerBinders(SchedulerProperties properties) {
        return Executors.newFixedThreadPool(properties.getBindingThreads(), daemon("scheduler-binder"));
    }

    @Bean
    @ConditionalOnMissingBean
    public Scheduler scheduler(SchedulerProfiles profiles, SchedulerCache cache, SchedulingQueue queue,
                               SchedulerProperties properties, ExecutorService schedulerWorkers,
                               ExecutorService schedulerBinders, KubernetesClient client, ClusterWriter schedulerClusterWriter,
                               SchedulerMetrics metrics, SchedulerInformers informers) {
        PodPlacement placement = new PodPlacement(new ParallelNodes(schedulerWorkers, helpers(properties)),
                properties.getPercentageOfNodesToScore());
        SchedulingReporter reporter = new SchedulingReporter(client, schedulerClusterWriter,
                profiles.frameworks().get(0).schedulerName(), properties.isRecordEvents());
        return new Scheduler(profiles.frameworks(), cache, queue, placement, schedulerBinders, reporter, metrics,
                informers::pod);
    }

    @Bean
    @ConditionalOnMissingBean
    public SchedulerRunner schedulerRunner(KubernetesClient client, SchedulerProperties properties,
                                           SchedulerInformers informers, SchedulingQueue queue, Scheduler scheduler) {
        return new SchedulerRunner(client, properties.getLeaderElection().toSettings(), informers, queue, scheduler);
    }

    /** The profiles in use, one framework each. */
    public record SchedulerProfiles(List<SchedulingFramework> frameworks) {
    }

    private static Set<String> profileNames(SchedulerProperties properties) {
        if (properties.getProfiles().isEmpty()) {
            return Set.of("default-scheduler");
        }
        return properties.getProfiles().stream().map(SchedulerProperties.Profile::getSchedulerName).collect(Collectors.toSet());
    }

    private static int helpers(SchedulerProperties properties) {
        return properties.getParallelism() >= 0 ? properties.getParallelism()
                : Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
