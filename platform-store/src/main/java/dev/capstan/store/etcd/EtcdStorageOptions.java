package dev.capstan.store.etcd;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How {@link EtcdStorage} talks to etcd. Every duration must be positive; the defaults suit a local or same-zone
 * etcd and make an outage visible to callers within a few seconds rather than minutes.
 *
 * @param endpoints the etcd client URLs, e.g. {@code http://127.0.0.1:2379}; at least one
 * @param requestTimeout how long one request (one attempt) may take before it fails with
 *        {@link dev.capstan.store.StoreUnavailableException}
 * @param connectTimeout how long opening a TCP connection to etcd may take
 * @param maintenanceTimeout the timeout of the slow, rare calls: {@code compact} (which waits for the physical
 *        compaction), each batch of {@code restore}, and the member status behind {@code databaseSizeBytes}
 * @param readAttempts how many times a read (get, list, currentRevision) is tried when etcd is unavailable;
 *        writes are tried once, whatever this says
 * @param breakerOpenDuration how long the circuit breaker stays open (every call failing at once) before it lets
 *        trial calls through again
 * @param watchReconnectTimeout how long a watch keeps trying to re-establish its stream after etcd became
 *        unreachable before it ends with {@link dev.capstan.store.StoreUnavailableException}
 * @param watchQueueCapacity how many events a watch buffers for a slow listener before the watch is ended
 */
public record EtcdStorageOptions(
        List<URI> endpoints,
        Duration requestTimeout,
        Duration connectTimeout,
        Duration maintenanceTimeout,
        int readAttempts,
        Duration breakerOpenDuration,
        Duration watchReconnectTimeout,
        int watchQueueCapacity) {

    /** Default per-request timeout: long enough for a quorum write under load, short enough to fail fast. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);

    public EtcdStorageOptions {
        Objects.requireNonNull(endpoints, "endpoints");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is required");
        }
        endpoints = List.copyOf(endpoints);
        for (URI endpoint : endpoints) {
            if (endpoint.getHost() == null || endpoint.getPort() <= 0) {
                throw new IllegalArgumentException("etcd endpoint needs a host and a port: " + endpoint);
            }
        }
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(maintenanceTimeout, "maintenanceTimeout");
        requirePositive(breakerOpenDuration, "breakerOpenDuration");
        requirePositive(watchReconnectTimeout, "watchReconnectTimeout");
        if (readAttempts < 1) {
            throw new IllegalArgumentException("readAttempts must be at least 1");
        }
        if (watchQueueCapacity < 1) {
            throw new IllegalArgumentException("watchQueueCapacity must be at least 1");
        }
    }

    /**
     * The defaults for some endpoints: 2 s per request, 1 s to connect, 30 s for maintenance calls, 3 read
     * attempts, breaker open for 2 s, watches give up after 5 s without etcd, 10 000 buffered events per watch.
     *
     * @param endpoints client URLs such as {@code http://127.0.0.1:2379}
     */
    public static EtcdStorageOptions of(String... endpoints) {
        return new EtcdStorageOptions(Arrays.stream(endpoints).map(URI::create).toList(),
                DEFAULT_REQUEST_TIMEOUT, Duration.ofSeconds(1), Duration.ofSeconds(30), 3,
                Duration.ofSeconds(2), Duration.ofSeconds(5), 10_000);
    }

    /** A copy with another per-request timeout. */
    public EtcdStorageOptions withRequestTimeout(Duration timeout) {
        return new EtcdStorageOptions(endpoints, timeout, connectTimeout, maintenanceTimeout, readAttempts,
                breakerOpenDuration, watchReconnectTimeout, watchQueueCapacity);
    }

    /** A copy with another watch reconnect timeout. */
    public EtcdStorageOptions withWatchReconnectTimeout(Duration timeout) {
        return new EtcdStorageOptions(endpoints, requestTimeout, connectTimeout, maintenanceTimeout, readAttempts,
                breakerOpenDuration, timeout, watchQueueCapacity);
    }

    /** A copy with another watch queue capacity. */
    public EtcdStorageOptions withWatchQueueCapacity(int capacity) {
        return new EtcdStorageOptions(endpoints, requestTimeout, connectTimeout, maintenanceTimeout, readAttempts,
                breakerOpenDuration, watchReconnectTimeout, capacity);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
