package dev.capstan.server.join;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Which kubeconfigs the node agent runs with: those it is given ({@code --kubeconfig}, {@code --proxy-kubeconfig}),
 * else the ones TLS bootstrap writes into its root directory from {@code --server}, {@code --token} and
 * {@code --ca-file} (a joining node), made on first use and reused after a restart.
 *
 * @param kubeconfig the node's kubeconfig, or null to bootstrap it
 * @param proxyKubeconfig the proxy's and DNS's kubeconfig, or null (bootstrapped when a token is given)
 * @param bootstrap the TLS bootstrap, or null when no token is given
 * @param rootDir the agent's root directory
 * @param nodeName the node's name
 */
public record AgentCredentials(Path kubeconfig, Path proxyKubeconfig, TlsBootstrap bootstrap, Path rootDir,
                               String nodeName) {

    /** How long a joining node waits for its certificates (upstream's kubelet waits without end; we fail loudly). */
    public static final Duration BOOTSTRAP_TIMEOUT = Duration.ofMinutes(15);

    public AgentCredentials {
        if (kubeconfig == null && bootstrap == null) {
            throw new IllegalArgumentException("the agent needs --kubeconfig FILE, or --server URL --token TOKEN --ca-file CA");
        }
    }

    public Path nodeKubeconfig() {
        return kubeconfig != null ? kubeconfig : bootstrap.nodeKubeconfig(rootDir, nodeName);
    }

    /** The proxy's kubeconfig, or null when the proxy shares the node's. */
    public Path proxyKubeconfigOrNull() {
        if (proxyKubeconfig != null) {
            return proxyKubeconfig;
        }
        return bootstrap == null ? null : bootstrap.proxyKubeconfig(rootDir);
    }
}
