package dev.capstan.server;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The {@code apiserver} role: the API server and its store alone, as kube-apiserver — no scheduler, no controller
 * manager, no node agent, not even as child contexts: their auto-configurations are excluded and
 * {@link ControlPlaneConfiguration} is not imported, so none of their beans exist in this process. Several run
 * on one etcd cluster for high availability, with the scheduler and controller manager as their own processes
 * (docs/operations/high-availability.md).
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "dev.capstan.scheduling.config.SchedulerAutoConfiguration",
        "dev.capstan.controllers.config.ControllersAutoConfiguration",
        "dev.capstan.node.config.NodeAgentAutoConfiguration"})
@Import(ServerConfiguration.class)
public class ApiServerApplication {

    /** Starts the API server with Spring-style arguments; returns the running context. */
    public static ConfigurableApplicationContext run(String... args) {
        return ServerLauncher.run(ApiServerApplication.class, args);
    }
}
