package dev.capstan.node.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * How the service proxy programs iptables; the Capstan counterpart of kube-proxy's iptables flags.
 *
 * @param masqueradeAll     SNAT all traffic sent to a service IP (kube-proxy {@code --masquerade-all}). Default
 *                          {@code true} in Capstan because pods share one Linux bridge on a single node: when
 *                          pod A calls a Service whose endpoint B sits on the same bridge, B's reply would go
 *                          straight back to A over the bridge (A's address is on-link), never passing the conntrack
 *                          entry that undoes the DNAT, so A would see a reply from B's IP and drop it. Masquerading
 *                          makes B answer the node, which reverses both NATs.
 * @param clusterCidr       pod CIDR (e.g. {@code 10.244.0.0/16}) or {@code null}; when {@code masqueradeAll} is
 *                          off, traffic to a cluster IP that does not come from this CIDR is masqueraded
 *                          (kube-proxy {@code --cluster-cidr}).
 * @param minSyncPeriod     least time between two rule syncs; bursts of changes are coalesced (upstream default 1 s)
 * @param syncPeriod        most time between two rule syncs, repairing drift (upstream default 30 s)
 * @param cleanupOnShutdown remove every Capstan chain and jump rule when the proxy stops (off by default, as
 *                          kube-proxy keeps rules so that traffic flows while it restarts)
 */
public record ProxySettings(boolean masqueradeAll, String clusterCidr, Duration minSyncPeriod, Duration syncPeriod,
                            boolean cleanupOnShutdown) {

    public ProxySettings {
        Objects.requireNonNull(minSyncPeriod, "minSyncPeriod");
        Objects.requireNonNull(syncPeriod, "syncPeriod");
        if (clusterCidr != null && clusterCidr.isBlank()) {
            clusterCidr = null;
        }
    }

    /** Capstan's defaults: masquerade all service traffic, 1 s / 30 s sync periods, keep rules on shutdown. */
    public static ProxySettings defaults() {
        return new ProxySettings(true, null, Duration.ofSeconds(1), Duration.ofSeconds(30), false);
    }

    public ProxySettings withMasqueradeAll(boolean value, String cidr) {
        return new ProxySettings(value, cidr, minSyncPeriod, syncPeriod, cleanupOnShutdown);
    }
}
