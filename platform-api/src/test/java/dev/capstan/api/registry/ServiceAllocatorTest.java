package dev.capstan.api.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.ResourceRegistry;
import dev.capstan.api.builtin.BuiltInResources;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.store.embedded.EmbeddedStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Address claims of Services on one store shared by several API servers (each with its own allocator): a claim
 * whose Service is not written yet is in flight and must not be taken over (else two Services get one address);
 * a deleted Service's claims are released at once; a leaked claim is taken over once it is stale.
 */
class ServiceAllocatorTest {

    @TempDir
    Path dir;

    private EmbeddedStorage storage;
    private MutableClock clock;
    private ServiceAllocator firstServer;
    private ServiceAllocator secondServer;
    private ResourceDefinition services;
    /** The Services written so far, by uid: what the allocators' existence check sees. */
    private final Set<String> written = new HashSet<>();

    @BeforeEach
    void open() {
        storage = EmbeddedStorage.open(dir);
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        firstServer = new ServiceAllocator(storage, clock, Ipv4Range.parseCidr("10.96.0.0/12"), 30000, 32767);
        secondServer = new ServiceAllocator(storage, clock, Ipv4Range.parseCidr("10.96.0.0/12"), 30000, 32767);
        services = new ResourceRegistry(BuiltInResources.definitions()).find("", "v1", "services").orElseThrow();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private ObjectNode service(String name, String uid, String clusterIp) {
        ObjectNode service = Json.object();
        service.putObject("metadata").put("namespace", "default").put("name", name).put("uid", uid);
        service.putObject("spec").put("type", "ClusterIP").put("clusterIP", clusterIp);
        return service;
    }

    private ObjectNode allocate(ServiceAllocator allocator, ObjectNode service) {
        allocator.allocate(services, service, owner -> written.contains(owner.uid()));
        return service;
    }

    @Test
    void anAddressClaimedByACreateInFlightIsNotGivenToAnother() {
        allocate(firstServer, service("a", "uid-a", "10.96.0.1")); // its Service is not written yet

        assertThatThrownBy(() -> allocate(secondServer, service("b", "uid-b", "10.96.0.1")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422))
                .hasMessageContaining("provided IP is already allocated");
    }

    @Test
    void aDeletedServicesAddressIsFreeAtOnce() {
        ObjectNode first = allocate(firstServer, service("a", "uid-a", "10.96.0.10"));
        written.add("uid-a");

        secondServer.release(first);
        written.remove("uid-a");

        assertThat(allocate(secondServer, service("b", "uid-b", "10.96.0.10")).path("spec").path("clusterIP").asString())
                .isEqualTo("10.96.0.10");
    }

    @Test
    void releasingLeavesAClaimThatAnotherServiceHolds() {
        ObjectNode first = allocate(firstServer, service("a", "uid-a", "10.96.0.11"));
        clock.advance(ServiceAllocator.IN_FLIGHT_GRACE.plusSeconds(1));
        allocate(secondServer, service("b", "uid-b", "10.96.0.11")); // the leak of "a" taken over
        written.add("uid-b");

        firstServer.release(first); // a late release of "a" must not free b's address

        assertThatThrownBy(() -> allocate(firstServer, service("c", "uid-c", "10.96.0.11")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
    }

    @Test
    void aLeakedClaimIsTakenOverOnceStale() {
        allocate(firstServer, service("a", "uid-a", "10.96.0.12")); // the create then failed: never written

        clock.advance(ServiceAllocator.IN_FLIGHT_GRACE.minusSeconds(1));
        assertThatThrownBy(() -> allocate(secondServer, service("b", "uid-b", "10.96.0.12")))
                .isInstanceOf(ApiException.class);
        clock.advance(Duration.ofSeconds(2));
        assertThat(allocate(secondServer, service("b", "uid-b", "10.96.0.12")).path("spec").path("clusterIP").asString())
                .isEqualTo("10.96.0.12");
    }
}
