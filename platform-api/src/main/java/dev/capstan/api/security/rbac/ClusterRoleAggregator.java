package dev.capstan.api.security.rbac;

import dev.capstan.api.ResourceDefinition;
import dev.capstan.api.errors.ApiException;
import dev.capstan.api.json.Json;
import dev.capstan.api.registry.ListQuery;
import dev.capstan.api.registry.Meta;
import dev.capstan.api.registry.ObjectStore;
import dev.capstan.api.registry.WriteOptions;
import dev.capstan.api.selection.LabelSelector;
import dev.capstan.api.selection.SelectorException;
import dev.capstan.api.watch.WatchCache;
import dev.capstan.api.watch.WatchRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's clusterrole-aggregation controller, run inside the API server: a ClusterRole with an
 * {@code aggregationRule} gets as its rules the union of the rules of every ClusterRole its selectors match
 * (in name order, duplicates once), rewritten whenever any ClusterRole changes.
 */
public final class ClusterRoleAggregator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterRoleAggregator.class);

    private final ObjectStore store;
    private final ResourceDefinition clusterRoles;
    private final WatchCache cache;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "capstan-clusterrole-aggregation");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile Disposable subscription;
    private volatile boolean closed;

    public ClusterRoleAggregator(ObjectStore store, ResourceDefinition clusterRoles, WatchCache cache) {
        this.store = store;
        this.clusterRoles = clusterRoles;
        this.cache = cache;
    }

    /** Aggregates now and after every ClusterRole event. */
    public void start() {
        trigger();
        subscribe();
    }

    private void subscribe() {
        if (closed) {
            return;
        }
        Flux<byte[]> events = cache.subscribe(clusterRoles, WatchRequest.of(null, null, ListQuery.all(), null, false));
        // a cache restart ends its watchers: watch again (and aggregate, events may have been missed)
        subscription = events.subscribe(event -> trigger(), error -> resubscribe(), this::resubscribe);
    }

    private void resubscribe() {
        if (!closed) {
            reactor.core.scheduler.Schedulers.parallel().schedule(() -> {
                trigger();
                subscribe();
            }, Duration.ofMillis(200).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** Coalesces bursts of events into one pass. */
    private void trigger() {
        if (closed || !pending.compareAndSet(false, true)) {
            return;
        }
        worker.execute(() -> {
            pending.set(false);
            try {
                aggregateAll();
            } catch (RuntimeException e) {
                log.warn("event=clusterrole_aggregation_failed error={}", e.toString());
            }
        });
    }

    /** One pass over every aggregated ClusterRole. */
    public void aggregateAll() {
        List<ObjectNode> roles = new ArrayList<>(cache.list(null, ListQuery.all()).items());
        roles.sort(Comparator.comparing(Meta::name));
        for (ObjectNode role : roles) {
            JsonNode rule = role.get("aggregationRule");
            if (rule == null || !rule.isObject()) {
                continue;
            }
            ArrayNode wanted = aggregatedRules(role, rule, roles);
            if (!wanted.equals(role.path("rules").isArray() ? role.get("rules") : Json.array())) {
                String name = Meta.name(role);
                try {
                    store.guaranteedUpdate(clusterRoles, null, name, 0, current -> {
                        current.set("rules", wanted);
                        return current;
                    }, WriteOptions.defaults());
                    log.info("event=clusterrole_aggregated name={} rules={}", name, wanted.size());
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        log.warn("event=clusterrole_aggregation_failed name={} error={}", name, e.getMessage());
                    }
                }
            }
        }
    }

    static ArrayNode aggregatedRules(ObjectNode target, JsonNode aggregationRule, List<ObjectNode> roles) {
        List<LabelSelector> selectors = new ArrayList<>();
        for (JsonNode selector : aggregationRule.path("clusterRoleSelectors")) {
            try {
                selectors.add(LabelSelector.fromJson(selector));
            } catch (SelectorException e) {
                // upstream skips a selector it cannot parse
            }
        }
        ArrayNode rules = Json.array();
        for (ObjectNode role : roles) {
            if (Meta.name(role).equals(Meta.name(target))) {
                continue;
            }
            Map<String, String> labels = labels(role);
            if (selectors.stream().noneMatch(s -> s.matches(labels))) {
                continue;
            }
            for (JsonNode rule : role.path("rules")) {
                if (!contains(rules, rule)) {
                    rules.add(rule.deepCopy());
                }
            }
        }
        return rules;
    }

    private static boolean contains(ArrayNode rules, JsonNode rule) {
        for (JsonNode existing : rules) {
            if (existing.equals(rule)) {
                return true;
            }
        }
        return false;
    }

    static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : object.path("metadata").path("labels").properties()) {
            labels.put(e.getKey(), e.getValue().asString());
        }
        return labels;
    }

    @Override
    public void close() {
        closed = true;
        Disposable s = subscription;
        if (s != null) {
            s.dispose();
        }
        worker.shutdownNow();
    }
}
