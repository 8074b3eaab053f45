package dev.capstan.api.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the cluster's state lives ({@code capstan.store.*}). */
@ConfigurationProperties("capstan.store")
public class StoreProperties {

    /** The embedded store's data directory (holds state.db). Used unless etcd endpoints are set. */
    private Path dataDir = Path.of("data");

    /** etcd client URLs, e.g. http://10.0.0.1:2379; when set, the cluster state lives in etcd instead. */
    private List<String> etcdServers = new ArrayList<>();

    /** How often history older than the previous interval is compacted (upstream: 5 minutes). */
    private Duration compactionInterval = Duration.ofMinutes(5);

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    public List<String> getEtcdServers() {
        return etcdServers;
    }

    public void setEtcdServers(List<String> etcdServers) {
        this.etcdServers = etcdServers;
    }

    public Duration getCompactionInterval() {
        return compactionInterval;
    }

    public void setCompactionInterval(Duration compactionInterval) {
        this.compactionInterval = compactionInterval;
    }
}
