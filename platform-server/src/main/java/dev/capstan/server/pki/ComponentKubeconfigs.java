package dev.capstan.server.pki;

import java.nio.file.Path;

/**
 * The kubeconfigs the server writes into its data directory, one per identity, so that no component needs the
 * admin's: each names a client certificate whose CN and O are the user and groups upstream's bootstrap RBAC policy
 * (and, for nodes, the Node authorizer) grants exactly what that component does.
 */
public final class ComponentKubeconfigs {

    public static final String ADMIN = "admin.kubeconfig";
    public static final String SCHEDULER = "scheduler.kubeconfig";
    public static final String CONTROLLER_MANAGER = "controller-manager.kubeconfig";
    /** The node agent's service proxy and cluster DNS (upstream's kube-proxy identity, role system:node-proxier). */
    public static final String KUBE_PROXY = "kube-proxy.kubeconfig";

    private ComponentKubeconfigs() {
    }

    /** Writes the admin's and the control-plane components' kubeconfigs for the server at {@code url}. */
    public static void writeControlPlane(Path dataDir, String url) {
        ClusterPki pki = pki(dataDir);
        Kubeconfig.writeAdmin(dataDir.resolve(ADMIN), url, pki);
        write(dataDir, SCHEDULER, url, pki, "scheduler", "system:kube-scheduler");
        write(dataDir, CONTROLLER_MANAGER, url, pki, "controller-manager", "system:kube-controller-manager");
        write(dataDir, KUBE_PROXY, url, pki, "kube-proxy", "system:kube-proxy");
    }

    /** The kubelet kubeconfig of node {@code nodeName}: user system:node:&lt;name&gt; in group system:nodes. */
    public static Path writeNode(Path dataDir, String url, String nodeName) {
        return write(dataDir, "kubelet-" + nodeName + ".kubeconfig", url, pki(dataDir), "node-" + nodeName,
                "system:node:" + nodeName, "system:nodes");
    }

    private static Path write(Path dataDir, String file, String url, ClusterPki pki, String credentialName, String user,
                              String... groups) {
        Path kubeconfig = dataDir.resolve(file);
        Kubeconfig.write(kubeconfig, url, pki, pki.clientCredential(credentialName, user, groups), user);
        return kubeconfig;
    }

    private static ClusterPki pki(Path dataDir) {
        return ClusterPki.loadOrCreate(dataDir.resolve("pki"), java.util.List.of());
    }
}
