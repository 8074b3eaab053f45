package dev.capstan.store.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Maintenance;
import io.etcd.jetcd.Watch;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jetcd client of one {@link EtcdStorage}, replaceable by a fresh one.
 *
 * <p>Why replaceable: after a connection failure gRPC waits before reconnecting, and the wait grows with every
 * failure (1 s, 1.6 s, 2.6 s, ... up to 2 minutes). After a long outage the old channel can go on failing for
 * many seconds after etcd is back. {@link #renew} is called each time the circuit breaker lets trial calls through
 * again; a new client connects at its first call, so those trials find out at once whether etcd is back.
 */
final class EtcdConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdConnection.class);

    private final EtcdStorageOptions options;
    private volatile Client client;
    private volatile boolean closed;

    /** Builds the client; it connects lazily, so this succeeds while etcd is down. */
    EtcdConnection(EtcdStorageOptions options) {
        this.options = options;
        this.client = newClient(options);
    }

    KV kv() {
        return client.getKVClient();
    }

    Watch watch() {
        return client.getWatchClient();
    }

    Maintenance maintenance() {
        return client.getMaintenanceClient();
    }

    /**
     * Replaces the client with a new one and closes the old: requests in flight on it fail (as unavailable) and
     * its watch streams end, which {@link EtcdWatch} re-opens on the new client.
     */
    synchronized void renew() {
        if (closed) {
            return;
        }
        Client old = client;
        client = newClient(options);
        LOG.debug("replaced the etcd client for {} to reconnect without gRPC's backoff", options.endpoints());
        old.close();
    }

    @Override
    public synchronized void close() {
        closed = true;
        client.close();
    }

    private static Client newClient(EtcdStorageOptions options) {
        return Client.builder()
                .endpoints(options.endpoints().toArray(URI[]::new))
                .connectTimeout(options.connectTimeout())
                // Fail a request at once when there is no connection instead of queueing it until etcd is back:
                // the caller gets a quick StoreUnavailableException and decides itself.
                .waitForReady(false)
                // jetcd's own retries stay short; EtcdCalls (retrying reads only) and the breaker are the policy.
                .retryMaxAttempts(1)
                .retryDelay(50)
                .retryMaxDelay(200)
                .retryChronoUnit(ChronoUnit.MILLIS)
                .retryMaxDuration(options.requestTimeout())
                // Notice a silently dead connection (no RST, e.g. a network partition) within ~15 s.
                .keepaliveTime(Duration.ofSeconds(10))
                .keepaliveTimeout(Duration.ofSeconds(5))
                // A list page or a watch batch may hold many values of up to 1.5 MiB each.
                .maxInboundMessageSize(Integer.MAX_VALUE)
                .build();
    }
}
