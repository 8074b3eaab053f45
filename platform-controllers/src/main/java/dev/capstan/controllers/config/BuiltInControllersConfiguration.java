package dev.capstan.controllers.config;

import dev.capstan.controllers.cronjob.CronJobControllerConfiguration;
import dev.capstan.controllers.csrapproving.CsrApprovingControllerConfiguration;
import dev.capstan.controllers.csrsigning.CsrSigningControllerConfiguration;
import dev.capstan.controllers.daemonset.DaemonSetControllerConfiguration;
import dev.capstan.controllers.deployment.DeploymentControllerConfiguration;
import dev.capstan.controllers.disruption.DisruptionControllerConfiguration;
import dev.capstan.controllers.endpoints.EndpointsControllerConfiguration;
import dev.capstan.controllers.endpointslice.EndpointSliceControllerConfiguration;
import dev.capstan.controllers.garbagecollector.GarbageCollectorControllerConfiguration;
import dev.capstan.controllers.job.JobControllerConfiguration;
import dev.capstan.controllers.namespace.NamespaceControllerConfiguration;
import dev.capstan.controllers.nodeipam.NodeIpamControllerConfiguration;
import dev.capstan.controllers.serviceaccount.ServiceAccountsControllerConfiguration;
import dev.capstan.controllers.nodelifecycle.NodeLifecycleControllerConfiguration;
import dev.capstan.controllers.replicaset.ReplicaSetControllerConfiguration;
import dev.capstan.controllers.resourcequota.ResourceQuotaControllerConfiguration;
import dev.capstan.controllers.rootcacertpublisher.RootCaCertPublisherConfiguration;
import dev.capstan.controllers.statefulset.StatefulSetControllerConfiguration;
import dev.capstan.controllers.ttlafterfinished.TtlAfterFinishedControllerConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The built-in controllers as beans, each switchable with {@code capstan.controllers.<name>.enabled}
 * (upstream's {@code --controllers}) and replaceable by a bean of the same type.
 */
@Configuration(proxyBeanMethods = false)
@Import({NodeLifecycleControllerConfiguration.class, NodeIpamControllerConfiguration.class, ReplicaSetControllerConfiguration.class,
        StatefulSetControllerConfiguration.class, DeploymentControllerConfiguration.class,
        JobControllerConfiguration.class, CronJobControllerConfiguration.class,
        TtlAfterFinishedControllerConfiguration.class, DaemonSetControllerConfiguration.class, GarbageCollectorControllerConfiguration.class,
        NamespaceControllerConfiguration.class, ServiceAccountsControllerConfiguration.class,
        EndpointsControllerConfiguration.class, EndpointSliceControllerConfiguration.class,
        DisruptionControllerConfiguration.class, ResourceQuotaControllerConfiguration.class,
        RootCaCertPublisherConfiguration.class, CsrApprovingControllerConfiguration.class,
        CsrSigningControllerConfiguration.class})
public class BuiltInControllersConfiguration {
}
