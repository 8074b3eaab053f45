package dev.capstan.server.join;

import dev.capstan.server.pki.ComponentKubeconfigs;
import dev.capstan.server.roles.ClusterClientFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code capstan token create|list [--data-dir DIR | --kubeconfig FILE] [--ttl 24h] [--description TEXT]}: kubeadm's
 * {@code token create} (prints {@code <id>.<secret>}) and {@code token list}, as the admin of the server's data
 * directory (DIR/admin.kubeconfig) or of FILE.
 */
public final class TokenCommand {

    private TokenCommand() {
    }

    /** Runs the command; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !List.of("create", "list").contains(args.get(0))) {
            err.println("usage: capstan token create|list [--data-dir DIR | --kubeconfig FILE] [--ttl 24h] [--description TEXT]");
            return 2;
        }
        Path kubeconfig = null;
        Duration ttl = Duration.ofHours(24);
        String description = null;
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : (i + 1 < args.size() ? args.get(++i) : "");
            switch (name) {
                case "--data-dir" -> kubeconfig = Path.of(value).resolve(ComponentKubeconfigs.ADMIN);
                case "--kubeconfig" -> kubeconfig = Path.of(value);
                case "--ttl" -> ttl = DurationStyle.detectAndParse(value);
                case "--description" -> description = value;
                default -> {
                    err.println("unknown flag: " + name);
                    return 2;
                }
            }
        }
        if (kubeconfig == null) {
            err.println("one of --data-dir or --kubeconfig is required");
            return 2;
        }
        try (KubernetesClient client = ClusterClientFactory.fromKubeconfig(kubeconfig, "capstan-token")) {
            BootstrapTokens tokens = new BootstrapTokens(client);
            if (args.get(0).equals("create")) {
                out.println(tokens.create(ttl, description, Instant.now()));
            } else {
                out.printf("%-8s %-22s %-30s %s%n", "TOKEN-ID", "EXPIRES", "USAGES", "EXTRA GROUPS");
                for (BootstrapTokens.Listed t : tokens.list()) {
                    out.printf("%-8s %-22s %-30s %s%n", t.id(), t.expires() == null ? "<forever>" : t.expires(),
                            t.usages(), t.groups());
                }
            }
            return 0;
        }
    }
}
