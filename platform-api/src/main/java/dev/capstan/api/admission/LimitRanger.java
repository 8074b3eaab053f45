package dev.capstan.api.admission;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's LimitRanger: a new pod's containers get the namespace's LimitRange {@code defaultRequest} and
 * {@code default} (limits) where they set none (noted in the {@code kubernetes.io/limit-ranger} annotation), then
 * each Container and Pod item's min, max and maxLimitRequestRatio are enforced (403 with upstream's messages).
 * The LimitRange's own defaulting (default from max, defaultRequest from default or min) is applied on reading.
 */
public final class LimitRanger implements MutatingAdmission, ValidatingAdmission {

    public static final String NAME = "LimitRanger";
    static final String ANNOTATION = "kubernetes.io/limit-ranger";

    private final ClusterReader reader;

    public LimitRanger(ClusterReader reader) {
        this.reader = reader;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return AdmissionOrder.LIMIT_RANGER;
    }

    @Override
    public void admit(AdmissionAttributes a) {
        if (a.operation() != Operation.CREATE || !a.isCore("pods")) {
            return;
        }
        ObjectNode spec = PodSpecs.spec(a.object());
        List<String> notes = new ArrayList<>();
        for (JsonNode item : items(a.namespace(), "Container")) {
            for (String field : List.of("initContainers", "containers")) {
                String prefix = field.equals("initContainers") ? "init container" : "container";
                for (JsonNode c : spec.path(field)) {
                    ObjectNode resources = c.get("resources") instanceof ObjectNode r ? r
                            : ((ObjectNode) c).putObject("resources");
                    List<String> requests = fill(resources, "requests", item.path("defaultRequest"));
                    List<String> limits = fill(resources, "limits", item.path("default"));
                    if (!requests.isEmpty()) {
                        notes.add(String.join(", ", requests) + " request for " + prefix + " " + c.path("name").asString());
                    }
                    if (!limits.isEmpty()) {
                        notes.add(String.join(", ", limits) + " limit for " + prefix + " " + c.path("name").asString());
                    }
                }
            }
        }
        if (!notes.isEmpty()) {
            ObjectNode metadata = a.object().get("metadata") instanceof ObjectNode m ? m : a.object().putObject("metadata");
            ObjectNode annotations = metadata.get("annotations") instanceof ObjectNode an ? an
                    : metadata.putObject("annotations");
            annotations.put(ANNOTATION, "LimitRanger plugin set: " + String.join("; ", notes));
        }
    }

    private static List<String> fill(ObjectNode resources, String kind, JsonNode defaults) {
        List<String> set = new ArrayList<>();
        if (!defaults.isObject() || defaults.isEmpty()) {
            return set;
        }
        ObjectNode target = resources.get(kind) instanceof ObjectNode t ? t : resources.putObject(kind);
        for (var e : defaults.properties()) {
            if (!target.has(e.getKey())) {
                target.set(e.getKey(), e.getValue().deepCopy());
                set.add(e.getKey());
            }
        }
        if (target.isEmpty()) {
            resources.remove(kind);
        }
        set.sort(null);
        return set;
    }

    @Override
    public void validate(AdmissionAttributes a) {
        if (a.operation() != Operation.CREATE || !a.isCore("pods")) {
            return;
        }
        JsonNode spec = a.object().path("spec");
        List<String> errors = new ArrayList<>();
        for (JsonNode item : items(a.namespace(), "Container")) {
            for (String field : List.of("initContainers", "containers")) {
                for (JsonNode c : spec.path(field)) {
                    check("Container", item, c.path("resources").path("requests"), c.path("resources").path("limits"), errors);
                }
            }
        }
        List<JsonNode> podItems = items(a.namespace(), "Pod");
        if (!podItems.isEmpty()) {
            Map<String, BigDecimal> usage = QuotaUsage.podCompute(spec);
            ObjectNode requests = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            ObjectNode limits = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            for (String resource : List.of("cpu", "memory", "ephemeral-storage")) {
                if (allSet(spec, "requests", resource)) {
                    requests.put(resource, Quantities.format(usage.get("requests." + resource)));
                }
                if (allSet(spec, "limits", resource)) {
                    limits.put(resource, Quantities.format(usage.get("limits." + resource)));
                }
            }
            for (JsonNode item : podItems) {
                check("Pod", item, requests, limits, errors);
            }
        }
        if (!errors.isEmpty()) {
            throw AdmissionErrors.forbidden(a, errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        }
    }

    /** Upstream counts a pod-level value only when every container sets it. */
    private static boolean allSet(JsonNode spec, String kind, String resource) {
        for (JsonNode c : spec.path("containers")) {
            if (c.path("resources").path(kind).path(resource).isMissingNode()) {
                return false;
            }
        }
        return spec.path("containers").size() > 0;
    }

    private static void check(String type, JsonNode item, JsonNode requests, JsonNode limits, List<String> errors) {
        for (var e : new TreeMap<>(map(item.path("min"))).entrySet()) {
            String r = e.getKey();
            JsonNode req = requests.path(r);
            JsonNode lim = limits.path(r);
            BigDecimal min = Quantities.parse(e.getValue());
            if (req.isMissingNode()) {
                errors.add("minimum " + r + " usage per " + type + " is " + e.getValue() + ".  No request is specified");
            } else if (Quantities.parse(req.asString()).compareTo(min) < 0) {
                errors.add("minimum " + r + " usage per " + type + " is " + e.getValue() + ", but request is " + req.asString());
            } else if (!lim.isMissingNode() && Quantities.parse(lim.asString()).compareTo(min) < 0) {
                errors.add("minimum " + r + " usage per " + type + " is " + e.getValue() + ", but limit is " + lim.asString());
            }
        }
        for (var e : new TreeMap<>(map(item.path("max"))).entrySet()) {
            String r = e.getKey();
            JsonNode req = requests.path(r);
            JsonNode lim = limits.path(r);
            BigDecimal max = Quantities.parse(e.getValue());
            if (lim.isMissingNode()) {
                errors.add("maximum " + r + " usage per " + type + " is " + e.getValue() + ".  No limit is specified");
            } else if (Quantities.parse(lim.asString()).compareTo(max) > 0) {
                errors.add("maximum " + r + " usage per " + type + " is " + e.getValue() + ", but limit is " + lim.asString());
            } else if (!req.isMissingNode() && Quantities.parse(req.asString()).compareTo(max) > 0) {
                errors.add("maximum " + r + " usage per " + type + " is " + e.getValue() + ", but request is " + req.asString());
            }
        }
        for (var e : new TreeMap<>(map(item.path("maxLimitRequestRatio"))).entrySet()) {
            String r = e.getKey();
            BigDecimal req = requests.path(r).isMissingNode() ? BigDecimal.ZERO : Quantities.parse(requests.path(r).asString());
            BigDecimal lim = limits.path(r).isMissingNode() ? BigDecimal.ZERO : Quantities.parse(limits.path(r).asString());
            String prefix = r + " max limit to request ratio per " + type + " is " + e.getValue();
            if (req.signum() == 0) {
                errors.add(prefix + ", but no request is specified or request is 0");
            } else if (lim.signum() == 0) {
                errors.add(prefix + ", but no limit is specified or limit is 0");
            } else {
                BigDecimal ratio = lim.divide(req, 6, RoundingMode.HALF_EVEN);
                if (ratio.compareTo(Quantities.parse(e.getValue())) > 0) {
                    errors.add(prefix + ", but provided ratio is " + ratio.setScale(6, RoundingMode.HALF_EVEN).toPlainString());
                }
            }
        }
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> result = new TreeMap<>();
        node.properties().forEach(e -> result.put(e.getKey(), e.getValue().asString()));
        return result;
    }

    /** The namespace's LimitRange items of {@code type}, with the LimitRange defaulting upstream's API applies. */
    private List<JsonNode> items(String namespace, String type) {
        List<JsonNode> items = new ArrayList<>();
        for (ObjectNode range : reader.list("", "limitranges", namespace)) {
            for (JsonNode item : range.path("spec").path("limits")) {
                if (!type.equals(item.path("type").asString(""))) {
                    continue;
                }
                ObjectNode copy = (ObjectNode) item.deepCopy();
                if (type.equals("Container")) {
                    ObjectNode defaults = copy.get("default") instanceof ObjectNode d ? d : copy.putObject("default");
                    copy.path("max").properties().forEach(e -> {
                        if (!defaults.has(e.getKey())) {
                            defaults.set(e.getKey(), e.getValue());
                        }
                    });
                    ObjectNode defaultRequest = copy.get("defaultRequest") instanceof ObjectNode d ? d
                            : copy.putObject("defaultRequest");
                    defaults.properties().forEach(e -> {
                        if (!defaultRequest.has(e.getKey())) {
                            defaultRequest.set(e.getKey(), e.getValue());
                        }
                    });
                    copy.path("min").properties().forEach(e -> {
                        if (!defaultRequest.has(e.getKey())) {
                            defaultRequest.set(e.getKey(), e.getValue());
                        }
                    });
                }
                items.add(copy);
            }
        }
        return items;
    }
}
