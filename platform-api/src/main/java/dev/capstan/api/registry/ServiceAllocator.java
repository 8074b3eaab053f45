package dev.capstan.api.registry;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.json.Json;
import dev.capstan.api.validation.FieldError;
import dev.capstan.store.KeyExistsException;
import dev.capstan.store.KeyValue;
import dev.capstan.store.RevisionConflictException;
import dev.capstan.store.Storage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gives new Services their cluster IP (from the service CIDR, 10.96.0.0/12 by default) and node ports (from
 * 30000-32767), as upstream's service registry does, and refuses ones already taken with upstream's 422.
 * Each address is claimed with a compare-and-swap create of its own key in the store
 * ({@code /capstan/allocations/...}, outside {@code /registry} so no watch or list sees it), holding the
 * owning Service's uid and when it was claimed. Deleting a Service releases its claims. A claim whose Service
 * (by uid) does not exist is either in flight (claimed, the Service's create not yet written: by another request,
 * possibly on another API server on the same store) or leaked (the create failed, or the server died, between
 * claim and write): once it is older than {@link #IN_FLIGHT_GRACE} it is stale and taken over by the next
 * claimant — the repair upstream runs as a loop (which also waits before freeing a leak) happens here on demand.
 */
final class ServiceAllocator {

    private static final String IP_PREFIX = "/capstan/allocations/serviceips/";
    private static final String PORT_PREFIX = "/capstan/allocations/nodeports/";
    private static final int RANDOM_ATTEMPTS = 64;
    /**
     * How long a claim without its Service counts as in flight: far longer than a create takes from claim to write.
     * Taking it over sooner would let two concurrent creates (on two API servers, say) both get the address.
     */
    static final Duration IN_FLIGHT_GRACE = Duration.ofMinutes(1);

    private final Storage storage;
    private final Clock clock;
    private final Ipv4Range serviceRange;
    private final int nodePortMin;
    private final int nodePortMax;

    ServiceAllocator(Storage storage, Clock clock, Ipv4Range serviceRange, int nodePortMin, int nodePortMax) {
        this.storage = storage;
        this.clock = clock;
        this.serviceRange = serviceRange;
        this.nodePortMin = nodePortMin;
        this.nodePortMax = nodePortMax;
    }

    /** The address reserved for the {@code kubernetes} Service: the range's first host address. */
    String kubernetesServiceIp() {
        return Ipv4Range.format(serviceRange.first());
    }

    /**
     * Claims the addresses of a Service about to be created and writes them into its spec.
     *
     * @param serviceExists whether a Service {@code namespace/name} with a given uid exists (stale claims
     *     are those whose owner does not)
     */
    void allocate(ResourceDefinition def, ObjectNode service, Predicate<Owner> serviceExists) {
        if (!(service.get("spec") instanceof ObjectNode spec) || "ExternalName".equals(Json.text(spec, "type"))) {
            return;
        }
        ObjectNode metadata = (ObjectNode) service.get("metadata");
        Owner owner = new Owner(Json.text(metadata, "namespace"), Json.text(metadata, "name"), Json.text(metadata, "uid"));
        String name = owner.name();
        String requested = spec.hasNonNull("clusterIP") ? spec.get("clusterIP").asString() : "";
        if (requested.isEmpty() && spec.path("clusterIPs").isArray() && !spec.path("clusterIPs").isEmpty()) {
            requested = spec.path("clusterIPs").get(0).asString("");
        }
        if (!"None".equals(requested)) {
            String ip = requested.isEmpty() ? claimRandomIp(owner, serviceExists, def, name) : claimIp(requested, owner,
                    serviceExists, def, name);
            spec.put("clusterIP", ip);
            spec.putArray("clusterIPs").add(ip);
        } else {
            spec.putArray("clusterIPs").add("None");
        }
        spec.putArray("ipFamilies").add("IPv4");
        if (!spec.hasNonNull("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", "SingleStack");
        }
        String type = Json.text(spec, "type");
        if ("NodePort".equals(type) || "LoadBalancer".equals(type)) {
            JsonNode ports = spec.path("ports");
            for (int i = 0; i < ports.size(); i++) {
                if (ports.get(i) instanceof ObjectNode port) {
                    int wanted = port.path("nodePort").asInt(0);
                    port.put("nodePort", wanted == 0 ? claimRandomPort(owner, serviceExists, def, name)
                            : claimPort(wanted, i, owner, serviceExists, def, name));
                }
            }
        }
    }

    private String claimIp(String ip, Owner owner, Predicate<Owner> exists, ResourceDefinition def, String name) {
        Long address = Ipv4Range.parse(ip);
        if (address == null || !serviceRange.contains(address)) {
            throw ApiErrors.invalid(def, name, List.of(FieldError.invalid("spec.clusterIPs", List.of(ip),
                    "failed to allocate IP " + ip + ": the provided IP (" + ip + ") is not in the valid range. The range of valid IPs is "
                            + serviceRange)));
        }
        if (!claim(IP_PREFIX + ip, owner, exists)) {
            throw ApiErrors.invalid(def, name, List.of(FieldError.invalid("spec.clusterIPs", List.of(ip),
                    "failed to allocate IP " + ip + ": provided IP is already allocated")));
        }
        return ip;
    }

    private String claimRandomIp(Owner owner, Predicate<Owner> exists, ResourceDefinition def, String name) {
        for (int attempt = 0; attempt < RANDOM_ATTEMPTS; attempt++) {
            String ip = Ipv4Range.format(serviceRange.random(ThreadLocalRandom.current()));
            if (claim(IP_PREFIX + ip, owner, exists)) {
                return ip;
            }
        }
        throw ApiErrors.invalid(def, name, List.of(FieldError.invalid("spec.clusterIPs", List.of(),
                "failed to allocate IP: range is full")));
    }

    private int claimPort(int port, int index, Owner owner, Predicate<Owner> exists, ResourceDefinition def, String name) {
        if (port < nodePortMin || port > nodePortMax) {
            throw ApiErrors.invalid(def, name, List.of(FieldError.invalid("spec.ports[" + index + "].nodePort", port,
                    "provided port is not in the valid range. The range of valid ports is " + nodePortMin + "-" + nodePortMax)));
        }
        if (!claim(PORT_PREFIX + port, owner, exists)) {
            throw ApiErrors.invalid(def, name, List.of(FieldError.invalid("spec.ports[" + index + "].nodePort", port,
                    "provided port is already allocated")));
        }
        return port;
    }

    private int claimRandomPort(Owner owner, Predicate<Owner> exists, ResourceDefinition def, String name) {
        for (int attempt = 0; attempt < RANDOM_ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(nodePortMin, nodePortMax + 1);
            if (claim(PORT_PREFIX + port, owner, exists)) {
                return port;
            }
        }
        throw ApiErrors.invalid(def, name, List.of(FieldError.invalid("spec.ports", List.of(), "range is full")));
    }

    /**
     * Frees the addresses of a deleted Service: each claim still held by its uid is removed (compare-and-swap, so a
     * claim taken over meanwhile stays). Best effort: a claim left behind is taken over once stale.
     */
    void release(ObjectNode service) {
        ObjectNode metadata = (ObjectNode) service.get("metadata");
        String uid = Json.text(metadata, "uid");
        JsonNode spec = service.path("spec");
        List<String> keys = new java.util.ArrayList<>();
        spec.path("clusterIPs").forEach(ip -> keys.add(IP_PREFIX + ip.asString("")));
        if (spec.hasNonNull("clusterIP")) {
            keys.add(IP_PREFIX + spec.get("clusterIP").asString(""));
        }
        spec.path("ports").forEach(port -> {
            if (port.path("nodePort").asInt(0) > 0) {
                keys.add(PORT_PREFIX + port.path("nodePort").asInt());
            }
        });
        for (String key : new java.util.LinkedHashSet<>(keys)) {
            try {
                Optional<KeyValue> current = storage.get(key);
                Claim claim = current.map(kv -> Claim.decode(kv.value())).orElse(null);
                if (claim != null && uid != null && uid.equals(claim.owner().uid())) {
                    storage.delete(key, current.get().modRevision());
                }
            } catch (dev.capstan.store.StoreException e) {
                // left behind: it goes stale and the next claimant takes it over
            }
        }
    }

    /** Claims a key for the owner: a new key, a stale claim taken over, or false when a Service holds it. */
    private boolean claim(String key, Owner owner, Predicate<Owner> exists) {
        byte[] value = new Claim(owner, clock.millis()).encode();
        try {
            storage.create(key, value);
            return true;
        } catch (KeyExistsException e) {
            Optional<KeyValue> current = storage.get(key);
            if (current.isEmpty()) {
                return claim(key, owner, exists);
            }
            Claim claim = Claim.decode(current.get().value());
            Owner holder = claim == null ? null : claim.owner();
            if (holder == null || holder.equals(owner)) {
                return holder != null;
            }
            if (exists.test(holder) || clock.millis() - claim.claimedAtMillis() < IN_FLIGHT_GRACE.toMillis()) {
                return false;
            }
            try {
                storage.update(key, value, current.get().modRevision());
                return true;
            } catch (RevisionConflictException conflict) {
                return false; // someone else took the stale claim just now
            }
        }
    }

    /** The Service a claim belongs to. */
    record Owner(String namespace, String name, String uid) {
    }

    /** A claim as stored: its owner and when it was made (claims written before the time was kept count as old). */
    record Claim(Owner owner, long claimedAtMillis) {

        byte[] encode() {
            return (owner.namespace() + "\n" + owner.name() + "\n" + owner.uid() + "\n" + claimedAtMillis)
                    .getBytes(StandardCharsets.UTF_8);
        }

        static Claim decode(byte[] value) {
            String[] parts = new String(value, StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 3 && parts.length != 4) {
                return null;
            }
            long at;
            try {
                at = parts.length == 4 ? Long.parseLong(parts[3]) : 0;
            } catch (NumberFormatException e) {
                return null;
            }
            return new Claim(new Owner(parts[0], parts[1], parts[2]), at);
        }
    }
}
