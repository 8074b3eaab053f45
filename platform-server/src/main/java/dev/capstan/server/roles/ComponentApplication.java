package dev.capstan.server.roles;

import java.util.Arrays;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs one control-plane component (e.g. the scheduler) as its own process: no API or store beans, a Fabric8
 * client from {@code --kubeconfig} (or, for a joining agent, from TLS bootstrap with {@code --token}), and a small
 * port for {@code /metrics} and health (HTTPS with delegated access checks for the scheduler and the controller
 * manager, plain HTTP for the agent's health port). Exits when the component's context closes (SIGTERM).
 */
public final class ComponentApplication {

    private ComponentApplication() {
    }

    public static ConfigurableApplicationContext run(Class<?> role, int defaultPort, String... args) {
        return builder(role, defaultPort, args).run(args);
    }

    /**
     * As {@link #run}, with the port served as upstream's scheduler and controller manager serve theirs: HTTPS
     * ({@code --tls-cert-file}/{@code --tls-private-key-file}, else self-signed) and every path but health
     * checked with TokenReview and SubjectAccessReview ({@link SecureServing}).
     */
    public static ConfigurableApplicationContext runSecured(Class<?> role, int defaultPort, String... args) {
        return builder(role, defaultPort, args)
                .sources(SecureServing.class)
                .properties("server.ssl.bundle=" + SecureServing.BUNDLE)
                .run(args);
    }

    private static SpringApplicationBuilder builder(Class<?> role, int defaultPort, String... args) {
        boolean joining = role == AgentRole.class && given(args, "--capstan.node.bootstrap-token=");
        if (joining && !given(args, "--capstan.kubeconfig=")) {
            requireJoinArguments(args);
        }
        if (!joining && !given(args, "--capstan.kubeconfig=")) {
            throw new IllegalArgumentException(role == AgentRole.class
                    ? "--kubeconfig FILE, or --server URL --token TOKEN --ca-file CA, is required"
                    : "--kubeconfig FILE is required");
        }
        return new SpringApplicationBuilder(role)
                .web(WebApplicationType.REACTIVE)
                .bannerMode(Banner.Mode.OFF)
                // loopback by default; --port and --bind-address change it
                .properties("server.port=" + defaultPort, "server.address=127.0.0.1", "spring.main.keep-alive=true");
    }

    /** A joining node needs the server and the CA to trust it with: said at once, not after the agent's start. */
    static void requireJoinArguments(String[] args) {
        if (!given(args, "--capstan.node.server=") || !given(args, "--capstan.node.ca-file=")) {
            throw new IllegalArgumentException("--token needs --server URL (an API server) and --ca-file CA "
                    + "(the cluster CA certificate, DATA/pki/ca.crt on the server)");
        }
        String caFile = value(args, "--capstan.node.ca-file=");
        if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(caFile))) {
            throw new IllegalArgumentException("--ca-file " + caFile + ": no such readable file");
        }
    }

    private static String value(String[] args, String prefix) {
        return Arrays.stream(args).filter(arg -> arg.startsWith(prefix)).map(arg -> arg.substring(prefix.length()))
                .reduce((first, last) -> last).orElse("");
    }

    private static boolean given(String[] args, String prefix) {
        return Arrays.stream(args).anyMatch(arg -> arg.startsWith(prefix) && arg.length() > prefix.length());
    }
}
