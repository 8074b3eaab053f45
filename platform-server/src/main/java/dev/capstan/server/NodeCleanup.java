package dev.capstan.server;

import dev.capstan.node.proxy.Iptables;
import dev.capstan.node.proxy.ProxyRuleApplier;
import dev.capstan.node.runtime.ContainerdCleanup;
import dev.capstan.node.runtime.ContainerdSettings;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * {@code capstan node-cleanup}: removes everything a stopped node agent leaves on the machine (what k3s's
 * killall script does): its pods' containers and shims, its containerd directory, the pod bridge and the CNI
 * chains of its pod subnet, and the service proxy's CAPSTAN-* iptables chains. Pods keep running when an
 * agent stops (so a restart adopts them); this is how to really take a node down.
 */
final class NodeCleanup {

    private NodeCleanup() {
    }

    static void run(String... args) {
        SimpleCommandLinePropertySource flags = new SimpleCommandLinePropertySource(args);
        if (!flags.containsProperty("capstan.node.root-dir")) {
            System.err.println("node-cleanup: --root-dir DIR is required (the agent's root directory; all-in-one: DATA/agent)");
            System.exit(2);
        }
        Path root = Path.of(flags.getProperty("capstan.node.root-dir")).toAbsolutePath();
        ContainerdSettings settings = ContainerdSettings.defaults(root.resolve("containerd"), "http://127.0.0.1:1");
        String subnet = flags.getProperty("capstan.node.pod-subnet");
        if (subnet != null && !subnet.isEmpty()) {
            settings = settings.withPodNetwork(subnet, ContainerdSettings.DEFAULT_BRIDGE);
        }
        try {
            ContainerdCleanup.removeAll(settings);
            new ProxyRuleApplier(new Iptables()).cleanup();
            System.out.println("node-cleanup: removed the containers, containerd state, pod network and proxy rules under " + root);
        } catch (IOException | RuntimeException e) {
            System.err.println("node-cleanup: " + e.getMessage());
            System.exit(1);
        }
    }
}
