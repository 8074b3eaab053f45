package dev.capstan.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.builtin.BuiltInResources;
import dev.capstan.api.registry.MutableClock;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.store.embedded.EmbeddedStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The kubernetes Endpoints with several API servers on one store: each live server is in them, one that stops
 * cleanly leaves at once, one that dies leaves when its lease expires, and the addresses of servers sharing a port
 * are one subset.
 */
class ApiServerEndpointsTest {

    private static final Duration TTL = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private EmbeddedStorage storage;
    private ObjectStore store;
    private ResourceRegistry registry;
    private MutableClock clock;
    private final List<ApiServerEndpoints> servers = new ArrayList<>();

    @BeforeEach
    void open() {
        storage = EmbeddedStorage.open(dir);
        registry = new ResourceRegistry(BuiltInResources.definitions());
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        store = new ObjectStore(storage, registry, clock);
        NamespaceBootstrap.ensure(store, registry);
    }

    @AfterEach
    void close() {
        servers.forEach(ApiServerEndpoints::close);
        storage.close();
    }

    /** A server whose timer never fires within a test (the test calls reconcile itself). */
    private ApiServerEndpoints server(String ip, int port) {
        ApiServerEndpoints server = new ApiServerEndpoints(store, registry, clock, Duration.ofHours(1), TTL);
        server.start(ip, port);
        servers.add(server);
        return server;
    }

    private List<String> endpoints() {
        ResourceDefinition endpoints = registry.find("", "v1", "endpoints").orElseThrow();
        List<String> result = new ArrayList<>();
        for (JsonNode subset : store.get(endpoints, "default", "kubernetes").path("subsets")) {
            for (JsonNode address : subset.path("addresses")) {
                result.add(address.path("ip").asString() + ":" + subset.path("ports").get(0).path("port").asInt());
            }
        }
        return result;
    }

    @Test
    void everyLiveServerIsInTheEndpointsAndOneStoppingLeavesAtOnce() {
        server("10.0.0.1", 6443);
        ApiServerEndpoints second = server("10.0.0.2", 6443);
        assertThat(endpoints()).containsExactly("10.0.0.1:6443", "10.0.0.2:6443");

        second.close();

        assertThat(endpoints()).containsExactly("10.0.0.1:6443");
    }

    @Test
    void aServerThatDiedLeavesWhenItsLeaseExpires() {
        ApiServerEndpoints survivor = server("10.0.0.1", 6443);
        server("10.0.0.2", 6443); // then dies: never renews again

        clock.advance(TTL.minusSeconds(1));
        survivor.reconcile();
        assertThat(endpoints()).containsExactly("10.0.0.1:6443", "10.0.0.2:6443");

        clock.advance(Duration.ofSeconds(2));
        survivor.reconcile();
        assertThat(endpoints()).containsExactly("10.0.0.1:6443");
    }

    @Test
    void serversOnOneMachineWithTheirOwnPortsGetASubsetEach() {
        server("127.0.0.1", 6443);
        server("127.0.0.1", 7443);

        assertThat(endpoints()).containsExactly("127.0.0.1:6443", "127.0.0.1:7443");
    }
}
