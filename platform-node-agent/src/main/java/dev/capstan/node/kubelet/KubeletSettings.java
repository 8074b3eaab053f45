package dev.capstan.node.kubelet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one kubelet needs to know about its node: its name and address, where pod data and CRI logs live, the
 * cluster DNS it hands to pods, the port of its HTTPS endpoint, and the pod limit it advertises.
 *
 * @param rootDir     pod volumes under {@code pods/<uid>/volumes} (upstream's {@code /var/lib/kubelet})
 * @param podLogDir   CRI container logs under {@code <ns>_<pod>_<uid>/<container>/<attempt>.log} (upstream's {@code /var/log/pods})
 * @param clusterDns  the cluster DNS server addresses pods get in resolv.conf (empty: the host's resolvers)
 */
public record KubeletSettings(String nodeName, String nodeIp, Path rootDir, Path podLogDir, List<String> clusterDns,
                              String clusterDomain, int port, int maxPods, Duration leaseDuration,
                              Duration statusUpdatePeriod) {

    public static final int DEFAULT_PORT = 10250;
    public static final int DEFAULT_MAX_PODS = 110;

    public Duration leaseRenewPeriod() {
        // Upstream renews at a quarter of the lease duration (10 s of 40 s).
        return leaseDuration.dividedBy(4);
    }
}
