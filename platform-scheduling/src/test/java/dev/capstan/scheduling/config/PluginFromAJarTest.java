package dev.capstan.scheduling.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.scheduling.CycleState;
import dev.capstan.scheduling.FilterPlugin;
import dev.capstan.scheduling.NodeInfo;
import dev.capstan.scheduling.Status;
import dev.capstan.scheduling.framework.SchedulingFramework;
import dev.capstan.scheduling.plugins.noderesources.NodeResourcesFit;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;

/**
 * What a plugin jar does: an auto-configuration contributing a {@code Plugin} bean; a profile enables it
 * by name. Also the switches of the scheduler's auto-configuration.
 */
class PluginFromAJarTest {

    /** The sample plugin: keeps pods off nodes labelled {@code capstan.dev/maintenance=true}. */
    static final class MaintenanceFilter implements FilterPlugin {
        static final String NAME = "Maintenance";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Status filter(CycleState state, Pod pod, NodeInfo node) {
            return "true".equals(node.labels().get("capstan.dev/maintenance"))
                    ? Status.unresolvable("node(s) were in maintenance") : Status.success();
        }
    }

    /** The jar's auto-configuration, listed in its META-INF/spring/...AutoConfiguration.imports. */
    @AutoConfiguration
    static class MaintenanceAutoConfiguration {
        @Bean
        MaintenanceFilter maintenanceFilter() {
            return new MaintenanceFilter();
        }
    }

    static class ClientConfiguration {
        @Bean(destroyMethod = "close")
        KubernetesClient client() {
            return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1")
                    .withRequestTimeout(200).withConnectionTimeout(200).build()).build();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SchedulerAutoConfiguration.class, MaintenanceAutoConfiguration.class))
            .withUserConfiguration(ClientConfiguration.class);

    @Test
    void aProfileEnablesThePluginFromTheJarByName() {
        runner.withPropertyValues("capstan.scheduler.profiles[0].scheduler-name=default-scheduler",
                        "capstan.scheduler.profiles[0].enabled[0].name=Maintenance")
                .run(context -> {
                    SchedulingFramework framework = context.getBean(SchedulerAutoConfiguration.SchedulerProfiles.class)
                            .frameworks().get(0);
                    assertThat(framework.plugins().filter()).extracting(FilterPlugin::name)
                            .endsWith("Maintenance").contains("NodeResourcesFit", "TaintToleration");
                });
    }

    @Test
    void theDefaultProfileHasUpstreamsPluginsAndWeights() {
        runner.run(context -> {
            SchedulingFramework framework = context.getBean(SchedulerAutoConfiguration.SchedulerProfiles.class).frameworks().get(0);
            assertThat(framework.schedulerName()).isEqualTo("default-scheduler");
            assertThat(framework.plugins().filter()).extracting(FilterPlugin::name).containsExactly("NodeUnschedulable",
                    "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit", "PodTopologySpread",
                    "InterPodAffinity");
            assertThat(framework.plugins().score()).extracting(p -> p.plugin().name() + "=" + p.weight()).containsExactly(
                    "TaintToleration=3", "NodeAffinity=2", "NodeResourcesFit=1", "PodTopologySpread=2", "InterPodAffinity=2",
                    "NodeResourcesBalancedAllocation=1", "ImageLocality=1");
            assertThat(framework.plugins().postFilter()).extracting(p -> p.name()).containsExactly("DefaultPreemption");
            assertThat(framework.plugins().bind()).extracting(p -> p.name()).containsExactly("DefaultBinder");
        });
    }

    @Test
    void disabledPluginsLeaveTheProfileAndUnknownNamesFailStartup() {
        runner.withPropertyValues("capstan.scheduler.profiles[0].disabled[0]=ImageLocality")
                .run(context -> assertThat(context.getBean(SchedulerAutoConfiguration.SchedulerProfiles.class)
                        .frameworks().get(0).plugins().score()).extracting(p -> p.plugin().name()).doesNotContain("ImageLocality"));
        runner.withPropertyValues("capstan.scheduler.profiles[0].enabled[0].name=NoSuchPlugin")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("unknown scheduler plugin NoSuchPlugin"));
    }

    @Test
    void aUserBeanReplacesADefaultPluginAndTheSchedulerCanBeSwitchedOff() {
        runner.withBean(NodeResourcesFit.class, () -> new NodeResourcesFit(
                        dev.capstan.scheduling.plugins.noderesources.ScoringStrategy.MOST_ALLOCATED))
                .run(context -> assertThat(context).hasSingleBean(NodeResourcesFit.class));
        runner.withPropertyValues("capstan.scheduler.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SchedulerAutoConfiguration.SchedulerProfiles.class));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SchedulerAutoConfiguration.class))
                .run(context -> assertThat(context).as("no client, no scheduler")
                        .doesNotHaveBean(SchedulerAutoConfiguration.SchedulerProfiles.class));
    }
}
