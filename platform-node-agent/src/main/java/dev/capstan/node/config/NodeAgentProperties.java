package dev.capstan.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code capstan.node.*}: the node agent's settings (upstream kubelet flags in brackets).
 *
 * @param name            the Node's name [--hostname-override]; default: the host name
 * @param ip              the node's InternalIP [--node-ip]; default: the first non-loopback IPv4 address
 * @param rootDir         pod volumes and agent state [--root-dir]
 * @param podLogDir       CRI container logs [/var/log/pods]
 * @param clusterDns      DNS server IPs given to pods [--cluster-dns]
 * @param clusterDomain   [--cluster-domain]
 * @param port            the kubelet HTTPS endpoint [--port]
 * @param maxPods         [--max-pods]
 * @param podWorkers      pods synced in parallel
 * @param containerdSocket the CRI socket [--container-runtime-endpoint]; empty: the agent runs its own containerd
 */
@ConfigurationProperties("capstan.node")
public record NodeAgentProperties(String name, String ip, Path rootDir, Path podLogDir, List<String> clusterDns,
                                  String clusterDomain, Integer port, Integer maxPods, Integer podWorkers,
                                  Duration leaseDuration, Duration statusUpdatePeriod, Path containerdSocket) {

    public NodeAgentProperties {
        rootDir = rootDir == null ? Path.of("/var/lib/capstan/agent") : rootDir;
        podLogDir = podLogDir == null ? Path.of("/var/log/pods") : podLogDir;
        clusterDns = clusterDns == null ? List.of() : clusterDns;
        clusterDomain = clusterDomain == null ? "cluster.local" : clusterDomain;
        port = port == null ? 10250 : port;
        maxPods = maxPods == null ? 110 : maxPods;
        podWorkers = podWorkers == null ? 16 : podWorkers;
        leaseDuration = leaseDuration == null ? Duration.ofSeconds(40) : leaseDuration;
        statusUpdatePeriod = statusUpdatePeriod == null ? Duration.ofSeconds(10) : statusUpdatePeriod;
    }
}
