package dev.capstan.node.runtime;

import dev.capstan.node.network.IpRoutes;
import dev.capstan.node.network.Ipv4Block;
import dev.capstan.node.network.NodeRoute;
import dev.capstan.node.network.PodForwarding;
import dev.capstan.node.network.PodMasquerade;
import dev.capstan.node.proxy.Iptables;
import dev.capstan.node.proxy.ProxyRuleApplier;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Everything a stopped node agent leaves on its machine, removed (what k3s's killall script does): its pods'
 * containers and its containerd state ({@link ContainerdCleanup}, with the pod subnet its CNI config last held),
 * the service proxy's chains, the pod network's masquerade and forward chains, and the routes to other nodes'
 * pod subnets it added. Used by {@code capstan node-cleanup} and the tests' agent fixture.
 */
public final class NodeTeardown {

    private NodeTeardown() {
    }

    /**
     * @param rootDir     the agent's root directory (its containerd lives in {@code containerd/} below it)
     * @param clusterCidr the cluster CIDR whose routes the agent may have added
     */
    public static void removeAll(Path rootDir, String clusterCidr) throws IOException {
        ContainerdSettings settings = ContainerdSettings.defaults(rootDir.resolve("containerd"), "http://127.0.0.1:1");
        var written = CniConfList.subnetIn(settings.layout().cniConfFile());
        if (written.isPresent()) {
            settings = settings.withPodNetwork(written.get(), settings.bridgeName());
        }
        ContainerdCleanup.removeAll(settings);
        Iptables iptables = new Iptables();
        new ProxyRuleApplier(iptables).cleanup();
        new PodMasquerade(iptables).remove();
        new PodForwarding(iptables).remove();
        IpRoutes routes = new IpRoutes();
        for (NodeRoute route : routes.installed(Ipv4Block.parse(clusterCidr))) {
            routes.delete(route);
        }
    }
}
