package dev.capstan.api.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The API server's limits and caches ({@code capstan.api.*}). */
@ConfigurationProperties("capstan.api")
public class ApiServerProperties {

    /** Non-mutating requests served at once; more get 429 (upstream's --max-requests-inflight). */
    private int maxRequestsInflight = 400;

    /** The range Services' cluster IPs come from (upstream's --service-cluster-ip-range; kubeadm's default). */
    private String serviceClusterIpRange = "10.96.0.0/12";

    /** The range Services' node ports come from (upstream's --service-node-port-range). */
    private String serviceNodePortRange = "30000-32767";

    /** Mutating requests served at once; more get 429 (upstream's --max-mutating-requests-inflight). */
    private int maxMutatingRequestsInflight = 200;

    /** Events per resource kept by the watch cache for watchers resuming from a resourceVersion. */
    private int watchCacheSize = 10_000;

    /** Events a watcher may have unsent before it is ended as too slow. */
    private int watcherBacklog = 10_000;

    /** How often watchers that allow bookmarks get one. */
    private Duration bookmarkInterval = Duration.ofSeconds(60);

    /**
     * On shutdown, how long /readyz fails while requests are still served, so load balancers stop sending new
     * ones before the server refuses them (upstream's {@code --shutdown-delay-duration}, also 0 by default).
     */
    private Duration shutdownDelay = Duration.ZERO;

    /** How often this API server renews its lease and rewrites the kubernetes Endpoints (upstream: 10 s). */
    private Duration endpointReconcileInterval = Duration.ofSeconds(10);

    /** How long an API server that stopped renewing stays in the kubernetes Endpoints (upstream: 15 s). */
    private Duration endpointLeaseTtl = Duration.ofSeconds(15);

    public int getMaxRequestsInflight() {
        return maxRequestsInflight;
    }

    public void setMaxRequestsInflight(int maxRequestsInflight) {
        this.maxRequestsInflight = maxRequestsInflight;
    }

    public int getMaxMutatingRequestsInflight() {
        return maxMutatingRequestsInflight;
    }

    public void setMaxMutatingRequestsInflight(int maxMutatingRequestsInflight) {
        this.maxMutatingRequestsInflight = maxMutatingRequestsInflight;
    }

    public int getWatchCacheSize() {
        return watchCacheSize;
    }

    public void setWatchCacheSize(int watchCacheSize) {
        this.watchCacheSize = watchCacheSize;
    }

    public int getWatcherBacklog() {
        return watcherBacklog;
    }

    public void setWatcherBacklog(int watcherBacklog) {
        this.watcherBacklog = watcherBacklog;
    }

    public Duration getEndpointReconcileInterval() {
        return endpointReconcileInterval;
    }

    public void setEndpointReconcileInterval(Duration endpointReconcileInterval) {
        this.endpointReconcileInterval = endpointReconcileInterval;
    }

    public Duration getEndpointLeaseTtl() {
        return endpointLeaseTtl;
    }

    public void setEndpointLeaseTtl(Duration endpointLeaseTtl) {
        this.endpointLeaseTtl = endpointLeaseTtl;
    }

    public Duration getBookmarkInterval() {
        return bookmarkInterval;
    }

    public void setBookmarkInterval(Duration bookmarkInterval) {
        this.bookmarkInterval = bookmarkInterval;
    }

    public Duration getShutdownDelay() {
        return shutdownDelay;
    }

    public void setShutdownDelay(Duration shutdownDelay) {
        this.shutdownDelay = shutdownDelay;
    }

    public String getServiceClusterIpRange() {
        return serviceClusterIpRange;
    }

    public void setServiceClusterIpRange(String serviceClusterIpRange) {
        this.serviceClusterIpRange = serviceClusterIpRange;
    }

    public String getServiceNodePortRange() {
        return serviceNodePortRange;
    }

    public void setServiceNodePortRange(String serviceNodePortRange) {
        this.serviceNodePortRange = serviceNodePortRange;
    }
}
