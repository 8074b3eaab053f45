package dev.capstan.api.server;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.registry.WriteOptions;
import dev.capstan.store.KeyValue;
import dev.capstan.store.ListOptions;
import dev.capstan.store.ListResult;
import dev.capstan.store.Storage;
import dev.capstan.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Endpoints of the {@code default/kubernetes} Service list every live API server, as upstream's default
 * {@code lease} endpoint reconciler: each API server keeps a lease on its address and port under
 * {@code /capstan/masterleases/} (outside {@code /registry}, so no list or watch sees it), renewed every interval;
 * at each renewal it writes the Endpoints from the leases not expired. A server that stops cleanly removes its lease
 * and rewrites the Endpoints at once; one that dies drops out when its lease expires. Without this, every server
 * wrote only itself at start, so in-cluster clients followed the last one started, also after it died.
 *
 * <p>The store has no TTL (etcd leases are not in its contract), so a lease holds its expiry time: the servers'
 * clocks must roughly agree, as for any Lease object. Addresses sharing a port are one subset (upstream: one port
 * for all); servers on different ports (several on one machine) get a subset each.
 */
public final class ApiServerEndpoints implements AutoCloseable {

    static final String PREFIX = "/capstan/masterleases/";
    private static final Logger log = LoggerFactory.getLogger(ApiServerEndpoints.class);

    private final ObjectStore store;
    private final Storage storage;
    private final ResourceDefinition endpoints;
    private final Clock clock;
    private final Duration interval;
    private final Duration ttl;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capstan-apiserver-endpoints");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile String key;
    private volatile String address;
    private volatile int port;

    public ApiServerEndpoints(ObjectStore store, ResourceRegistry registry, Clock clock, Duration interval, Duration ttl) {
        this.store = store;
        this.storage = store.storage();
        this.endpoints = registry.find("", "v1", "endpoints").orElseThrow();
        this.clock = clock;
        this.interval = interval;
        this.ttl = ttl;
    }

    /** Takes this server's lease, writes the Endpoints, and keeps doing so every interval. */
    public void start(String address, int port) {
        this.address = address;
        this.port = port;
        this.key = PREFIX + address + ":" + port;
        reconcile();
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::reconcileQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            // the store is down or the write lost a race: the next round tries again
            log.warn("event=apiserver_endpoints_failed error={}", e.toString());
        }
    }

    /** Renews this server's lease, then writes the Endpoints from the live leases. */
    void reconcile() {
        renew();
        write(liveLeases());
    }

    private void renew() {
        ObjectNode lease = Json.object().put("ip", address).put("port", port)
                .put("expiresAtMillis", clock.millis() + ttl.toMillis());
        byte[] value = Json.write(lease);
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                var current = storage.get(key);
                if (current.isPresent()) {
                    storage.update(key, value, current.get().modRevision());
                } else {
                    storage.create(key, value);
                }
                return;
            } catch (dev.capstan.store.KeyExistsException | dev.capstan.store.RevisionConflictException
                     | dev.capstan.store.KeyNotFoundException e) {
                // someone else's write to our key (a restarted us): read again
            }
        }
    }

    /** The unexpired leases, by port; expired ones are removed (compare-and-swap: a renewal in between wins). */
    private Map<Integer, SortedSet<String>> liveLeases() {
        Map<Integer, SortedSet<String>> live = new TreeMap<>();
        List<KeyValue> all = new ArrayList<>();
        ListResult page = storage.list(PREFIX, ListOptions.firstPage(500));
        all.addAll(page.items());
        while (page.hasMore()) {
            page = storage.list(PREFIX, ListOptions.nextPage(500, page.continueToken()));
            all.addAll(page.items());
        }
        long now = clock.millis();
        for (KeyValue kv : all) {
            ObjectNode lease = Json.parseObject(kv.value());
            if (lease.path("expiresAtMillis").asLong(0) > now) {
                live.computeIfAbsent(lease.path("port").asInt(), p -> new TreeSet<>()).add(lease.path("ip").asString(""));
            } else {
                try {
                    storage.delete(kv.key(), kv.modRevision());
                } catch (StoreException e) {
                    // renewed or removed meanwhile
                }
            }
        }
        return live;
    }

    private void write(Map<Integer, SortedSet<String>> live) {
        ArrayNode subsets = Json.array();
        live.forEach((servingPort, ips) -> {
            ObjectNode subset = subsets.addObject();
            ArrayNode addresses = subset.putArray("addresses");
            ips.forEach(ip -> addresses.addObject().put("ip", ip));
            subset.putArray("ports").addObject().put("name", "https").put("port", servingPort).put("protocol", "TCP");
        });
        ObjectNode wanted = Json.object();
        ObjectNode metadata = wanted.putObject("metadata");
        metadata.put("name", "kubernetes");
        metadata.putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
        wanted.set("subsets", subsets);
        ObjectNode current;
        try {
            current = store.get(endpoints, "default", "kubernetes");
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
            try {
                store.create(endpoints, "default", wanted, WriteOptions.defaults());
                return;
            } catch (ApiException raced) {
                if (raced.code() != 409) {
                    throw raced;
                }
                current = store.get(endpoints, "default", "kubernetes");
            }
        }
        if (subsets.equals(current.path("subsets")) || (subsets.isEmpty() && current.path("subsets").isMissingNode())) {
            return;
        }
        store.guaranteedUpdate(endpoints, "default", "kubernetes", 0, object -> {
            object.set("subsets", subsets.deepCopy());
            ((ObjectNode) object.get("metadata")).withObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
            return object;
        }, WriteOptions.defaults());
        log.info("event=apiserver_endpoints_written servers={}", live);
    }

    /**
     * Stops renewing, removes this server's lease and writes the Endpoints without it (best effort). Runs once: as
     * the graceful shutdown's pre-shutdown hook, and again (doing nothing) when the bean is destroyed.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS); // a renewal under way must not bring the lease back
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (key == null) {
            return;
        }
        try {
            storage.delete(key, Storage.ANY_REVISION);
            write(liveLeases());
        } catch (RuntimeException e) {
            log.warn("event=apiserver_endpoints_not_removed error={}", e.toString());
        }
    }
}
