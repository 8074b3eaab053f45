package dev.capstan.api.admission;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiErrors;
import dev.capstan.api.json.Json;
import dev.capstan.api.registry.KeyLayout;
import dev.capstan.api.registry.Meta;
import dev.capstan.store.KeyValue;
import dev.capstan.store.RevisionConflictException;
import dev.capstan.store.Storage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's ResourceQuota plugin: a create that would take a namespace's usage past a quota's
 * {@code status.hard} is refused (403 "exceeded quota: ..."); an admitted one is charged to the quota's
 * {@code status.used} at once, with a compare-and-swap on the ResourceQuota, so parallel creates cannot
 * overshoot (the quota evaluator's job upstream). The resourcequota controller recomputes usage later (deletes,
 * failed writes). A quota whose status the controller has not filled yet is ignored, as upstream does.
 */
public final class ResourceQuotaAdmission implements ValidatingAdmission {

    public static final String NAME = "ResourceQuota";
    private static final int ATTEMPTS = 64;
    private static final int LOCK_STRIPES = 64;

    private final ClusterReader reader;
    /**
     * Creates in a namespace with quotas are serialised from the check to the store write, and the check counts
     * what the store holds as well as {@code status.used}: the quota controller recomputes {@code used} from its
     * (lagging) caches and may write a value below what admission already charged, which alone would let a
     * parallel create through (upstream's controller avoids most of that by recomputing only on deletes).
     */
    private final ReentrantLock[] namespaceLocks = new ReentrantLock[LOCK_STRIPES];

    public ResourceQuotaAdmission(ClusterReader reader) {
        this.reader = reader;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            namespaceLocks[i] = new ReentrantLock();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return AdmissionOrder.RESOURCE_QUOTA;
    }

    @Override
    public void validate(AdmissionAttributes a) {
        if (a.operation() != Operation.CREATE || a.subresource() != null || !a.definition().namespaced()) {
            return;
        }
        Map<String, BigDecimal> delta = QuotaUsage.ofCreate(a.group(), a.resource(), a.object());
        ResourceDefinition quotas = reader.definition("", "resourcequotas");
        List<String> names = reader.list("", "resourcequotas", a.namespace()).stream().map(Meta::name).sorted().toList();
        if (names.isEmpty()) {
            return;
        }
        ReentrantLock lock = namespaceLocks[Math.floorMod(a.namespace().hashCode(), LOCK_STRIPES)];
        lock.lock();
        a.onComplete(lock::unlock);
        Map<String, BigDecimal> live = null;
        for (String name : names) {
            if (live == null) {
                live = liveUsage(a, delta.keySet());
            }
            charge(a, quotas, name, delta, live);
        }
    }

    /** What the store holds of the requested resources: this kind's object count, the pods' compute. */
    private Map<String, BigDecimal> liveUsage(AdmissionAttributes a, java.util.Set<String> resources) {
        Map<String, BigDecimal> live = new TreeMap<>();
        List<ObjectNode> objects = reader.list(a.group(), a.resource(), a.namespace());
        BigDecimal count = BigDecimal.valueOf(objects.size());
        for (String resource : resources) {
            if (resource.startsWith("count/") || resource.equals(a.resource())) {
                live.put(resource, count);
            }
        }
        if (a.isCore("pods")) {
            for (ObjectNode pod : objects) {
                String phase = pod.path("status").path("phase").asString("");
                if (phase.equals("Succeeded") || phase.equals("Failed")) {
                    live.merge("pods", BigDecimal.ONE.negate(), BigDecimal::add);
                    live.merge("count/pods", BigDecimal.ONE.negate(), BigDecimal::add);
                    continue;
                }
                QuotaUsage.podCompute(pod.path("spec")).forEach((k, v) -> live.merge(k, v, BigDecimal::add));
            }
        }
        return live;
    }

    /** Checks one quota and charges it, re-reading it when another request charged it first. */
    private void charge(AdmissionAttributes a, ResourceDefinition quotas, String name, Map<String, BigDecimal> delta,
            Map<String, BigDecimal> live) {
        Storage storage = reader.store().storage();
        String key = KeyLayout.key(quotas, a.namespace(), name);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<KeyValue> kv = storage.get(key);
            if (kv.isEmpty()) {
                return;
            }
            ObjectNode quota = Json.readStored(kv.get().value());
            Map<String, BigDecimal> hard = quantities(quota.path("status").path("hard"));
            if (hard.isEmpty() || !QuotaScopes.matches(quota, a)) {
                return;
            }
            Map<String, BigDecimal> requested = new TreeMap<>(delta);
            requested.keySet().retainAll(hard.keySet());
            if (requested.isEmpty()) {
                return;
            }
            if (a.isCore("pods")) {
                List<String> missing = QuotaUsage.missingCompute(a.object().path("spec"), hard.keySet());
                if (!missing.isEmpty()) {
                    throw AdmissionErrors.forbidden(a, "failed quota: " + name + ": must specify "
                            + String.join("; ", missing));
                }
            }
            Map<String, BigDecimal> used = quantities(quota.path("status").path("used"));
            if (!used.keySet().containsAll(requested.keySet())) {
                throw AdmissionErrors.forbidden(a, "status unknown for quota: " + name + ", resources: "
                        + String.join(",", requested.keySet()));
            }
            for (String resource : requested.keySet()) {
                used.merge(resource, live.getOrDefault(resource, BigDecimal.ZERO), BigDecimal::max);
            }
            List<String> exceeded = new ArrayList<>();
            Map<String, BigDecimal> next = new TreeMap<>();
            for (var e : requested.entrySet()) {
                BigDecimal sum = used.get(e.getKey()).add(e.getValue());
                next.put(e.getKey(), sum);
                if (sum.compareTo(hard.get(e.getKey())) > 0) {
                    exceeded.add(e.getKey());
                }
            }
            if (!exceeded.isEmpty()) {
                throw AdmissionErrors.forbidden(a, "exceeded quota: " + name + ", requested: "
                        + pretty(requested, exceeded) + ", used: " + pretty(used, exceeded) + ", limited: "
                        + pretty(hard, exceeded));
            }
            if (a.dryRun()) {
                return;
            }
            ObjectNode usedNode = ((ObjectNode) quota.get("status")).putObject("used");
            used.putAll(next);
            used.forEach((resource, value) -> usedNode.put(resource, Quantities.format(value)));
            try {
                storage.update(key, Json.write(quota), kv.get().modRevision());
                return;
            } catch (RevisionConflictException e) {
                // another admission (or the controller) charged this quota since it was read: check again
            }
        }
        throw ApiErrors.conflict(quotas, name);
    }

    private static Map<String, BigDecimal> quantities(JsonNode map) {
        Map<String, BigDecimal> result = new TreeMap<>();
        for (var e : map.properties()) {
            result.put(e.getKey(), Quantities.parse(e.getValue().asString()));
        }
        return result;
    }

    private static String pretty(Map<String, BigDecimal> values, List<String> keys) {
        return keys.stream().sorted().map(k -> k + "=" + Quantities.format(values.getOrDefault(k, BigDecimal.ZERO)))
                .collect(Collectors.joining(","));
    }
}
