package dev.capstan.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The revision of a pod template, standing in for upstream's {@code ControllerRevision} objects (which
 * Capstan does not serve): a stable FNV-1a 32-bit hash of the template's JSON, encoded the way upstream's
 * {@code controller.ComputeHash} encodes it ({@code rand.SafeEncodeString} of the decimal hash), so revision
 * names look like upstream's ({@code web-7b9c4d5f6}). Map keys are sorted before hashing: the same
 * template always gives the same hash, whatever order its labels arrived in. Old templates are not stored
 * anywhere, so a revision can be compared but not rolled back to.
 */
public final class TemplateRevision {

    /** Upstream's {@code apps.ControllerRevisionHashLabelKey}. */
    public static final String HASH_LABEL = "controller-revision-hash";

    // upstream's rand.SafeEncodeString alphabet: no vowels (no words), no confusable characters
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private TemplateRevision() {
    }

    /** The hash of {@code template} (upstream's {@code controller-revision-hash} of a DaemonSet pod). */
    public static String hash(PodTemplateSpec template) {
        Object tree = Serialization.unmarshal(Serialization.asJson(template), Object.class);
        String canonical = Serialization.asJson(canonical(tree));
        int hash = FNV_OFFSET;
        for (byte b : canonical.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return safeEncode(Integer.toUnsignedString(hash));
    }

    /** The revision name {@code <owner>-<hash>} (upstream's ControllerRevision name, a StatefulSet pod's label). */
    public static String name(String ownerName, PodTemplateSpec template) {
        return ownerName + "-" + hash(template);
    }

    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append(ALPHANUMS.charAt((b & 0xff) % ALPHANUMS.length()));
        }
        return out.toString();
    }

    private static Object canonical(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(TemplateRevision::canonical).toList();
        }
        return node;
    }
}
