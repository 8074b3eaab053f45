package dev.capstan.api.selection;

import dev.capstan.api.validation.BadValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The fields each built-in kind supports in field selectors and how to read them from a served (v1) object, as
 * upstream's per-kind {@code AddFieldLabelConversionFunc} (what is accepted) and {@code GetAttrs} (what the value
 * is). Kinds without their own table accept only {@code metadata.name} and {@code metadata.namespace}, upstream's
 * default; that includes apps/v1 ReplicaSet, whose {@code status.replicas} upstream never registered.
 */
public final class FieldSelectors {

    private static final Map<String, KindFields> KINDS = new LinkedHashMap<>();
    private static final KindFields DEFAULT = new KindFields(
            f -> BadValues.goQuote(f) + " is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
            new Readers().add("metadata.name", FieldSelectors::name).add("metadata.namespace", FieldSelectors::namespace));

    static {
        KINDS.put("/Pod", new KindFields(FieldSelectors::coreMessage, new Readers()
                .add("metadata.name", FieldSelectors::name)
                .add("metadata.namespace", FieldSelectors::namespace)
                .add("spec.nodeName", o -> text(o, "spec", "nodeName"))
                .add("spec.restartPolicy", o -> text(o, "spec", "restartPolicy"))
                .add("spec.schedulerName", o -> text(o, "spec", "schedulerName"))
                .add("spec.serviceAccountName", o -> text(o, "spec", "serviceAccountName"))
                .add("spec.hostNetwork", o -> String.valueOf(o.path("spec").path("hostNetwork").asBoolean(false)))
                .add("status.phase", o -> text(o, "status", "phase"))
                .add("status.podIP", FieldSelectors::podIP)
                // Accepted by upstream's conversion but absent from the pod's field set, so it reads as "".
                .add("status.podIPs", o -> "")
                .add("status.nominatedNodeName", o -> text(o, "status", "nominatedNodeName"))
                // Old v1 clients' name for spec.nodeName.
                .add("spec.host", o -> text(o, "spec", "nodeName"))));
        KINDS.put("/Node", new KindFields(FieldSelectors::coreMessage, new Readers()
                .add("metadata.name", FieldSelectors::name)
                .add("spec.unschedulable", o -> String.valueOf(o.path("spec").path("unschedulable").asBoolean(false)))));
        KINDS.put("/ReplicationController", new KindFields(FieldSelectors::coreMessage, new Readers()
                .add("metadata.name", FieldSelectors::name)
                .add("metadata.namespace", FieldSelectors::namespace)
                .add("status.replicas", o -> String.valueOf(o.path("status").path("replicas").asLong(0)))));
        KINDS.put("/Event", new KindFields(FieldSelectors::coreMessage, coreEventFields()));
        KINDS.put("/Namespace", new KindFields(FieldSelectors::coreMessage, new Readers()
                .add("status.phase", o -> text(o, "status", "phase"))
                .add("metadata.name", FieldSelectors::name)));
        KINDS.put("/Secret", new KindFields(FieldSelectors::coreMessage, new Readers()
                .add("type", o -> text(o, "type"))
                .add("metadata.namespace", FieldSelectors::namespace)
                .add("metadata.name", FieldSelectors::name)));
        KINDS.put("/Service", new KindFields(FieldSelectors::coreMessage, new Readers()
                .add("metadata.namespace", FieldSelectors::namespace)
                .add("metadata.name", FieldSelectors::name)
                .add("spec.clusterIP", o -> text(o, "spec", "clusterIP"))
                .add("spec.type", o -> text(o, "spec", "type"))));
        KINDS.put("batch/Job", new KindFields(
                f -> "field label " + BadValues.goQuote(f) + " not supported for batchv1.Job", new Readers()
                .add("metadata.name", FieldSelectors::name)
                .add("metadata.namespace", FieldSelectors::namespace)
                .add("status.successful", o -> String.valueOf(o.path("status").path("succeeded").asLong(0)))));
        KINDS.put("events.k8s.io/Event", new KindFields(FieldSelectors::coreMessage, eventsV1Fields()));
    }

    private FieldSelectors() {
    }

    /** The field names a kind accepts in a field selector. */
    public static Set<String> supportedFields(String group, String kind) {
        return table(group, kind).readers.keySet();
    }

    /**
     * A reader of {@code object}'s selectable fields for use with {@link FieldSelector#matches}: supported fields
     * read as upstream renders them (booleans and counts as text, absent values as ""), other fields as "".
     * Empty when {@code object} is not a JSON object.
     */
    public static Optional<Function<String, String>> reader(String group, String kind, JsonNode object) {
        if (object == null || !object.isObject()) {
            return Optional.empty();
        }
        KindFields table = table(group, kind);
        return Optional.of(field -> {
            Function<JsonNode, String> read = table.readers.get(field);
            return read == null ? "" : read.apply(object);
        });
    }

    /**
     * Upstream's 400 message for the first field of {@code selector} the kind does not support, in the kind's own
     * wording (core kinds: {@code field label not supported: x}); empty when every field is supported.
     */
    public static Optional<String> unsupported(String group, String kind, FieldSelector selector) {
        KindFields table = table(group, kind);
        return selector.fields().stream().filter(f -> !table.readers.containsKey(f)).findFirst()
                .map(table.message);
    }

    /**
     * Throws upstream's message when {@code selector} uses a field the kind does not support.
     *
     * @throws SelectorException for the first unsupported field
     */
    public static void requireSupported(String group, String kind, FieldSelector selector) {
        unsupported(group, kind, selector).ifPresent(m -> {
            throw new SelectorException(m);
        });
    }

    private record KindFields(Function<String, String> message, Map<String, Function<JsonNode, String>> readers) {
    }

    private static KindFields table(String group, String kind) {
        return KINDS.getOrDefault((group == null ? "" : group) + "/" + kind, DEFAULT);
    }

    private static Readers coreEventFields() {
        Readers m = new Readers();
        for (String f : new String[] {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"}) {
            m.put("involvedObject." + f, o -> text(o, "involvedObject", f));
        }
        m.put("reason", o -> text(o, "reason"));
        m.put("reportingComponent", o -> text(o, "reportingComponent"));
        // Events written through events.k8s.io carry no source; upstream falls back to the reporting controller.
        m.put("source", o -> orElse(text(o, "source", "component"), text(o, "reportingComponent")));
        m.put("type", o -> text(o, "type"));
        m.put("metadata.namespace", FieldSelectors::namespace);
        m.put("metadata.name", FieldSelectors::name);
        return m;
    }

    private static Readers eventsV1Fields() {
        Readers m = new Readers();
        m.put("reason", o -> text(o, "reason"));
        for (String f : new String[] {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"}) {
            m.put("regarding." + f, o -> text(o, "regarding", f));
        }
        m.put("reportingController", o -> text(o, "reportingController"));
        m.put("source", o -> orElse(text(o, "deprecatedSource", "component"), text(o, "reportingController")));
        m.put("type", o -> text(o, "type"));
        m.put("metadata.namespace", FieldSelectors::namespace);
        m.put("metadata.name", FieldSelectors::name);
        return m;
    }

    // The primary IP: status.podIP, which upstream keeps equal to status.podIPs[0] and prefers when they differ.
    private static String podIP(JsonNode pod) {
        return orElse(text(pod, "status", "podIP"), text(pod.path("status").path("podIPs").path(0), "ip"));
    }

    private static String name(JsonNode o) {
        return text(o, "metadata", "name");
    }

    private static String namespace(JsonNode o) {
        return text(o, "metadata", "namespace");
    }

    private static String text(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        return n.isString() ? n.stringValue() : "";
    }

    private static String orElse(String value, String fallback) {
        return value.isEmpty() ? fallback : value;
    }

    private static String coreMessage(String field) {
        return "field label not supported: " + field;
    }

    /** An insertion-ordered table of field readers. */
    private static final class Readers extends LinkedHashMap<String, Function<JsonNode, String>> {
        Readers add(String field, Function<JsonNode, String> reader) {
            put(field, reader);
            return this;
        }
    }
}
