package dev.capstan.server;

/**
 * A ServiceAccount token allowed to read {@code /metrics} (bound to upstream's {@code system:monitoring}
 * ClusterRole), for tests that scrape a component's port as a monitoring system would.
 */
public final class MetricsReaderToken {

    private MetricsReaderToken() {
    }

    public static String create(Kubectl kubectl) {
        kubectl.run("-n", "default", "create", "serviceaccount", "metrics-reader").ok();
        kubectl.run("create", "clusterrolebinding", "metrics-reader", "--clusterrole=system:monitoring",
                "--serviceaccount=default:metrics-reader").ok();
        return kubectl.run("-n", "default", "create", "token", "metrics-reader").ok().out().trim();
    }
}
