package dev.capstan.server.node;

import dev.capstan.node.runtime.ContainerdSettings;
import dev.capstan.node.runtime.NodeTeardown;
import dev.capstan.server.RunningServer;
import dev.capstan.server.pki.ComponentKubeconfigs;
import dev.capstan.server.roles.AgentRole;
import dev.capstan.server.roles.ComponentApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real node agent in the test JVM, as {@code capstan agent} runs it: its own containerd (under a temp root
 * directory), the service proxy in the host's iptables, cluster DNS on the node IP. Needs root and Debian's
 * containerd, runc, CNI plugins, iptables and busybox-static (scripts/install-deps.sh). After the tests every
 * trace is removed: pods' containers, containerd, the bridge, CNI and Capstan iptables chains, the root dir.
 * Register after the {@link RunningServer} it joins.
 */
public final class RunningAgent implements BeforeAllCallback, AfterAllCallback {

    private final RunningServer server;
    private final String nodeName;
    private final String podSubnet;
    private final boolean join;
    private Path root;
    private ConfigurableApplicationContext context;

    public RunningAgent(RunningServer server, String nodeName, String podSubnet) {
        this(server, nodeName, podSubnet, false);
    }

    private RunningAgent(RunningServer server, String nodeName, String podSubnet, boolean join) {
        this.server = server;
        this.nodeName = nodeName;
        this.podSubnet = podSubnet;
        this.join = join;
    }

    /**
     * An agent that joins as {@code capstan agent --server --token --ca-file} does: a bootstrap token made with
     * the admin's kubeconfig, and the node's and proxy's identities from TLS bootstrap.
     */
    public static RunningAgent joining(RunningServer server, String nodeName, String podSubnet) {
        return new RunningAgent(server, nodeName, podSubnet, true);
    }

    public Path rootDir() {
        return root.resolve("root");
    }

    @Override
    public void beforeAll(ExtensionContext extension) throws IOException {
        root = Files.createTempDirectory("capstan-agent-");
        start();
    }

    public void start() {
        List<String> args = new ArrayList<>(join ? joinArgs() : List.of(
                // the node's own identity (Node authorizer) and the proxy's (system:node-proxier), as all-in-one runs it
                "--capstan.kubeconfig=" + ComponentKubeconfigs.writeNode(server.dataDir(), server.url(), nodeName),
                "--capstan.node.proxy-kubeconfig=" + server.dataDir().resolve(ComponentKubeconfigs.KUBE_PROXY)));
        args.addAll(List.of(
                "--capstan.node.name=" + nodeName,
                "--capstan.node.root-dir=" + root.resolve("root"),
                "--capstan.node.pod-log-dir=" + root.resolve("pods"),
                "--capstan.node.pod-subnet=" + podSubnet,
                "--server.port=0"));
        context = ComponentApplication.run(AgentRole.class, 0, args.toArray(String[]::new));
    }

    private List<String> joinArgs() {
        try (var admin = dev.capstan.server.roles.ClusterClientFactory.fromKubeconfig(server.kubeconfig(), "test-admin")) {
            var token = new dev.capstan.server.join.BootstrapTokens(admin).create(java.time.Duration.ofHours(1), "test join",
                    java.time.Instant.now());
            return List.of("--capstan.node.server=" + server.url(), "--capstan.node.bootstrap-token=" + token,
                    "--capstan.node.ca-file=" + server.dataDir().resolve("pki/ca.crt"));
        }
    }

    /** Stops the agent (and its containerd); pods keep running in their shims. */
    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    public Path containerdSocket() {
        return containerdSettings().layout().socket();
    }

    public Path podLogDir() {
        return root.resolve("pods");
    }

    private ContainerdSettings containerdSettings() {
        return ContainerdSettings.defaults(root.resolve("root").resolve("containerd"), "http://127.0.0.1:1");
    }

    @Override
    public void afterAll(ExtensionContext extension) throws IOException {
        stop();
        try {
            NodeTeardown.removeAll(root.resolve("root"), "10.42.0.0/16");
        } finally {
            if (Files.exists(root)) {
                try (var paths = Files.walk(root)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
