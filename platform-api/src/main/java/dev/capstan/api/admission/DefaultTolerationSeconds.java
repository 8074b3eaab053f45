package dev.capstan.api.admission;

import dev.capstan.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's DefaultTolerationSeconds: a new pod without a toleration for the {@code not-ready} or
 * {@code unreachable} NoExecute taints gets one for 300 s, so it is evicted from a failed node after five minutes.
 */
public final class DefaultTolerationSeconds implements MutatingAdmission {

    public static final String NAME = "DefaultTolerationSeconds";
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";

    private final long notReadySeconds;
    private final long unreachableSeconds;

    public DefaultTolerationSeconds() {
        this(300, 300);
    }

    /** Upstream's {@code --default-not-ready-toleration-seconds} and {@code --default-unreachable-toleration-seconds}. */
    public DefaultTolerationSeconds(long notReadySeconds, long unreachableSeconds) {
        this.notReadySeconds = notReadySeconds;
        this.unreachableSeconds = unreachableSeconds;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return AdmissionOrder.DEFAULT_TOLERATION_SECONDS;
    }

    @Override
    public void admit(AdmissionAttributes a) {
        if (a.operation() != Operation.CREATE || !a.isCore("pods")) {
            return;
        }
        ObjectNode spec = a.object().has("spec") && a.object().get("spec").isObject()
                ? (ObjectNode) a.object().get("spec") : a.object().putObject("spec");
        ArrayNode tolerations = spec.get("tolerations") instanceof ArrayNode t ? t : Json.array();
        boolean notReady = false;
        boolean unreachable = false;
        for (JsonNode t : tolerations) {
            String key = t.path("key").asString("");
            String effect = t.path("effect").asString("");
            // upstream: an empty key (operator Exists) tolerates every taint
            if (effect.isEmpty() || "NoExecute".equals(effect)) {
                notReady |= key.isEmpty() || NOT_READY.equals(key);
                unreachable |= key.isEmpty() || UNREACHABLE.equals(key);
            }
        }
        if (!notReady) {
            tolerations.addObject().put("key", NOT_READY).put("operator", "Exists").put("effect", "NoExecute")
                    .put("tolerationSeconds", notReadySeconds);
        }
        if (!unreachable) {
            tolerations.addObject().put("key", UNREACHABLE).put("operator", "Exists").put("effect", "NoExecute")
                    .put("tolerationSeconds", unreachableSeconds);
        }
        spec.set("tolerations", tolerations);
    }
}
