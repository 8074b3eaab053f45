package dev.capstan.server;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The {@code server} role: the API server ({@link ServerConfiguration}) plus the components it starts beside the
 * API once it serves ({@link ControlPlaneConfiguration}: scheduler, controller manager, in all-in-one the node
 * agent, each a child context). No component scan: the other roles' configurations ({@code roles}) must not be
 * picked up by this one.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = "dev.capstan.node.config.NodeAgentAutoConfiguration")
@Import({ServerConfiguration.class, ControlPlaneConfiguration.class})
public class ServerApplication {

    /** Starts the server with Spring-style arguments; returns the running context. */
    public static ConfigurableApplicationContext run(String... args) {
        return ServerLauncher.run(ServerApplication.class, args);
    }
}
