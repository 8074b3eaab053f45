package dev.capstan.controllers.deployment;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Upstream's {@code controller.ComputeHash} and {@code EqualIgnoreHash}. Upstream hashes the Go struct; we hash a
 * canonical JSON of the template (keys sorted, nulls and empty maps/lists dropped, as upstream's semantic equality
 * treats nil and empty alike) with FNV-32a, mix in the collision count the same way, and render the decimal number
 * with upstream's {@code rand.SafeEncodeString}. Values differ from upstream's, but are stable across restarts
 * and processes, which is all the ReplicaSet names and {@code pod-template-hash} labels need.
 */
public final class PodTemplateHash {

    /** Upstream's {@code apps.DefaultDeploymentUniqueLabelKey}. */
    public static final String LABEL = "pod-template-hash";

    /** Upstream's {@code rand.alphanums}: no vowels (no words) and no look-alikes (0/o, 1/l/i). */
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

    private PodTemplateHash() {
    }

    public static String compute(PodTemplateSpec template, Integer collisionCount) {
        int hash = 0x811c9dc5;
        for (byte b : canonical(template).getBytes(StandardCharsets.UTF_8)) {
            hash = fnv(hash, b);
        }
        if (collisionCount != null) {
            // Upstream writes the count as 4 little-endian bytes into the same hasher.
            int c = collisionCount;
            for (int i = 0; i < 4; i++) {
                hash = fnv(hash, (byte) (c >>> (8 * i)));
            }
        }
        return safeEncode(Long.toString(Integer.toUnsignedLong(hash)));
    }

    private static int fnv(int hash, byte b) {
        return (hash ^ (b & 0xff)) * 0x01000193;
    }

    /** Upstream's {@code rand.SafeEncodeString}: each byte mapped onto the safe alphabet. */
    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append(ALPHANUMS.charAt((b & 0xff) % ALPHANUMS.length()));
        }
        return out.toString();
    }

    /** Whether two templates are equal once the {@code pod-template-hash} label is ignored (upstream EqualIgnoreHash). */
    public static boolean equalIgnoreHash(PodTemplateSpec a, PodTemplateSpec b) {
        return canonicalIgnoringHash(a).equals(canonicalIgnoringHash(b));
    }

    private static String canonicalIgnoringHash(PodTemplateSpec template) {
        if (template == null) {
            return "";
        }
        JsonNode tree = Serialization.jsonMapper().valueToTree(template);
        JsonNode labels = tree.path("metadata").path("labels");
        if (labels.isObject()) {
            ((tools.jackson.databind.node.ObjectNode) labels).remove(LABEL);
        }
        StringBuilder out = new StringBuilder();
        write(tree, out);
        return out.toString();
    }

    static String canonical(PodTemplateSpec template) {
        StringBuilder out = new StringBuilder();
        write(Serialization.jsonMapper().valueToTree(template), out);
        return out.toString();
    }

    /** The node with keys sorted and null/empty values dropped, as a JSON string; "" when nothing is left. */
    private static void write(JsonNode node, StringBuilder out) {
        String canonical = canonicalNode(node);
        out.append(canonical == null ? "" : canonical);
    }

    private static String canonicalNode(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String value = canonicalNode(e.getValue());
                if (value != null) {
                    sorted.put(e.getKey(), value);
                }
            }
            if (sorted.isEmpty()) {
                return null;
            }
            StringBuilder out = new StringBuilder("{");
            sorted.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(Serialization.asJson(k)).append(':').append(v));
            return out.append('}').toString();
        }
        if (node.isArray()) {
            if (node.isEmpty()) {
                return null;
            }
            List<String> items = new ArrayList<>();
            for (JsonNode item : node) {
                String value = canonicalNode(item);
                items.add(value == null ? "null" : value);
            }
            return "[" + String.join(",", items) + "]";
        }
        return node.toString();
    }
}
