package dev.capstan.server.roles;

import java.util.Arrays;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs one control-plane component (e.g. the scheduler) as its own process: no web server, no API or store
 * beans, a Fabric8 client from {@code --kubeconfig}. Exits when the component's context closes.
 */
public final class ComponentApplication {

    private ComponentApplication() {
    }

    public static ConfigurableApplicationContext run(Class<?> role, String... args) {
        if (Arrays.stream(args).noneMatch(arg -> arg.startsWith("--capstan.kubeconfig=") && arg.length() > 21)) {
            throw new IllegalArgumentException("--kubeconfig FILE is required");
        }
        return new SpringApplicationBuilder(role)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                // the component's threads are daemons: keep the JVM alive until the context closes (SIGTERM)
                .properties("spring.main.keep-alive=true")
                .run(args);
    }
}
