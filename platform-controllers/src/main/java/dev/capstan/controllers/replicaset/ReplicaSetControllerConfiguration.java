package dev.capstan.controllers.replicaset;

import dev.capstan.controllers.ControllerContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ReplicaSet and ReplicationController controllers, switchable with
 * {@code capstan.controllers.replicaset.enabled} and {@code capstan.controllers.replicationcontroller.enabled}.
 */
@Configuration(proxyBeanMethods = false)
public class ReplicaSetControllerConfiguration {

    @Bean("replicaset")
    @ConditionalOnProperty(prefix = "capstan.controllers.replicaset", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public ReplicaSetController replicaSetController(ControllerContext context) {
        return new ReplicaSetController(context.withIdentity("replicaset-controller"));
    }

    @Bean("replicationcontroller")
    @ConditionalOnProperty(prefix = "capstan.controllers.replicationcontroller", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    public ReplicationControllerController replicationControllerController(ControllerContext context) {
        return new ReplicationControllerController(context.withIdentity("replication-controller"));
    }
}
