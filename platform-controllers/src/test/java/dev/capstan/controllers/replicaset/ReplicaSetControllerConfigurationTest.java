package dev.capstan.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.capstan.controllers.ControllerContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ReplicaSetControllerConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withBean(ControllerContext.class, ReplicaSetControllerConfigurationTest::context)
            .withUserConfiguration(ReplicaSetControllerConfiguration.class);

    /** A context whose withIdentity gives itself, as a context without per-controller credentials does. */
    private static ControllerContext context() {
        ControllerContext context = mock(ControllerContext.class);
        org.mockito.Mockito.when(context.withIdentity(org.mockito.ArgumentMatchers.anyString())).thenReturn(context);
        return context;
    }

    @Test
    void bothControllersRunByDefault() {
        runner.run(context -> {
            assertThat(context).hasBean("replicaset").hasBean("replicationcontroller");
            assertThat(context.getBean("replicaset", ReplicaSetController.class).name()).isEqualTo("replicaset");
            assertThat(context.getBean("replicationcontroller", ReplicationControllerController.class).name())
                    .isEqualTo("replicationcontroller");
        });
    }

    @Test
    void eachControllerHasItsOwnSwitch() {
        runner.withPropertyValues("capstan.controllers.replicaset.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("replicaset").hasBean("replicationcontroller"));
        runner.withPropertyValues("capstan.controllers.replicationcontroller.enabled=false")
                .run(context -> assertThat(context).hasBean("replicaset").doesNotHaveBean("replicationcontroller"));
    }
}
