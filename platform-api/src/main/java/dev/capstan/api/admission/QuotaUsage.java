package dev.capstan.api.admission;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What creating an object adds to a namespace's usage, per quota resource name (upstream's quota evaluators). */
final class QuotaUsage {

    /** Core kinds quota counts by their plain name as well as {@code count/<plural>}. */
    private static final Set<String> LEGACY_COUNTED = Set.of("pods", "services", "replicationcontrollers",
            "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims");
    private static final List<String> COMPUTE = List.of("cpu", "memory", "ephemeral-storage");

    private QuotaUsage() {
    }

    /** The usage a create of {@code object} of {@code group}/{@code plural} adds. */
    static Map<String, BigDecimal> ofCreate(String group, String plural, ObjectNode object) {
        Map<String, BigDecimal> usage = new TreeMap<>();
        usage.put(group.isEmpty() ? "count/" + plural : "count/" + plural + "." + group, BigDecimal.ONE);
        if (group.isEmpty() && LEGACY_COUNTED.contains(plural)) {
            usage.put(plural, BigDecimal.ONE);
        }
        if (group.isEmpty() && plural.equals("pods")) {
            usage.putAll(podCompute(object.path("spec")));
        }
        if (group.isEmpty() && plural.equals("services")) {
            String type = object.path("spec").path("type").asString("ClusterIP");
            int ports = object.path("spec").path("ports").size();
            if (type.equals("LoadBalancer")) {
                usage.put("services.loadbalancers", BigDecimal.ONE);
            }
            if (type.equals("LoadBalancer") || type.equals("NodePort")) {
                usage.put("services.nodeports", BigDecimal.valueOf(ports));
            }
        }
        if (group.isEmpty() && plural.equals("persistentvolumeclaims")) {
            JsonNode storage = object.path("spec").path("resources").path("requests").path("storage");
            if (storage.isString()) {
                usage.put("requests.storage", Quantities.parse(storage.asString()));
            }
        }
        return usage;
    }

    /** requests.X (and plain X) and limits.X: the containers' sum, or the largest init container if larger. */
    static Map<String, BigDecimal> podCompute(JsonNode spec) {
        Map<String, BigDecimal> usage = new LinkedHashMap<>();
        for (String kind : List.of("requests", "limits")) {
            for (String resource : COMPUTE) {
                BigDecimal sum = BigDecimal.ZERO;
                for (JsonNode c : spec.path("containers")) {
                    sum = sum.add(quantity(c.path("resources").path(kind).path(resource)));
                }
                for (JsonNode c : spec.path("initContainers")) {
                    sum = sum.max(quantity(c.path("resources").path(kind).path(resource)));
                }
                sum = sum.add(quantity(spec.path("overhead").path(resource)));
                usage.put(kind + "." + resource, sum);
                if (kind.equals("requests")) {
                    usage.put(resource, sum);
                }
            }
        }
        return usage;
    }

    /** Upstream's pod constraint: a quota on requests.X or limits.X needs every container to set it. */
    static List<String> missingCompute(JsonNode spec, Set<String> hard) {
        List<String> missing = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(hard)) {
            String[] parts = name.split("\\.", 2);
            if (parts.length != 2 || !(parts[0].equals("requests") || parts[0].equals("limits"))
                    || !(parts[1].equals("cpu") || parts[1].equals("memory"))) {
                continue;
            }
            List<String> containers = new ArrayList<>();
            for (String field : List.of("initContainers", "containers")) {
                for (JsonNode c : spec.path(field)) {
                    if (c.path("resources").path(parts[0]).path(parts[1]).isMissingNode()) {
                        containers.add(c.path("name").asString(""));
                    }
                }
            }
            if (!containers.isEmpty()) {
                missing.add(name + " for: " + String.join(",", containers));
            }
        }
        return missing;
    }

    /** True when the pod sets no requests or limits at all (the BestEffort QoS class). */
    static boolean bestEffort(JsonNode spec) {
        for (String field : List.of("initContainers", "containers")) {
            for (JsonNode c : spec.path(field)) {
                if (!c.path("resources").path("requests").isEmpty() || !c.path("resources").path("limits").isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static BigDecimal quantity(JsonNode node) {
        if (node.isString()) {
            return Quantities.parse(node.asString());
        }
        return node.isNumber() ? node.decimalValue() : BigDecimal.ZERO;
    }
}
