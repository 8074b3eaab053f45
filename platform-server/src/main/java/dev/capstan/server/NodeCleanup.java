package dev.capstan.server;

import dev.capstan.node.runtime.NodeTeardown;
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
        String clusterCidr = flags.containsProperty("capstan.node.cluster-cidr") ? flags.getProperty("capstan.node.cluster-cidr") : "10.42.0.0/16";
        try {
            NodeTeardown.removeAll(root, clusterCidr);
            System.out.println("node-cleanup: removed the containers, containerd state, pod network, routes and proxy rules of " + root);
        } catch (IOException | RuntimeException e) {
            System.err.println("node-cleanup: " + e.getMessage());
            System.exit(1);
        }
    }
}
