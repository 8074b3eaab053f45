package dev.capstan.controllers.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.controllers.Controller;
import dev.capstan.controllers.ControllerContext;
import dev.capstan.controllers.ObjectKey;
import dev.capstan.controllers.Result;
import dev.capstan.controllers.Watches;
import dev.capstan.controllers.runtime.ControllerManager;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;

/** What a controller jar does: an auto-configuration contributing a {@link Controller} bean that uses the context. */
class ControllerFromAJarTest {

    /** The sample: would copy a label onto ConfigMaps; here only its wiring matters. */
    static final class LabelCopier implements Controller {
        final ControllerContext context;

        LabelCopier(ControllerContext context) {
            this.context = context;
            context.lister(ConfigMap.class);
        }

        @Override
        public String name() {
            return "labelcopier";
        }

        @Override
        public void watch(Watches watches) {
            watches.self(ConfigMap.class);
        }

        @Override
        public Result reconcile(ObjectKey key) {
            return Result.done();
        }
    }

    /** Ordered after the controllers' auto-configuration and only where a controller manager runs. */
    @AutoConfiguration(after = ControllersAutoConfiguration.class)
    @ConditionalOnBean(ControllerContext.class)
    static class LabelCopierAutoConfiguration {
        @Bean
        LabelCopier labelCopier(ControllerContext context) {
            return new LabelCopier(context);
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
            .withConfiguration(AutoConfigurations.of(ControllersAutoConfiguration.class, LabelCopierAutoConfiguration.class))
            .withUserConfiguration(ClientConfiguration.class)
            // nothing answers at the client's address: without an election the manager only retries its informers
            .withPropertyValues("capstan.controllers.leader-election=false");

    @Test
    void aControllerFromAJarJoinsTheManagerWithTheSharedContext() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ControllerManager.class).hasSingleBean(LabelCopier.class);
            assertThat(context.getBean(LabelCopier.class).context).isSameAs(context.getBean(ControllerContext.class));
        });
    }

    @Test
    void theControllerManagerCanBeSwitchedOffAndNeedsAClient() {
        runner.withPropertyValues("capstan.controllers.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ControllerManager.class));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ControllersAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(ControllerManager.class));
    }
}
