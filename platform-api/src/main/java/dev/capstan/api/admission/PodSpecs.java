package dev.capstan.api.admission;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Helpers over a pod's JSON: its spec and containers. */
final class PodSpecs {

    private PodSpecs() {
    }

    /** The pod's spec, created when absent. */
    static ObjectNode spec(ObjectNode pod) {
        if (pod.get("spec") instanceof ObjectNode spec) {
            return spec;
        }
        return pod.putObject("spec");
    }

    /** initContainers then containers (then ephemeralContainers when {@code withEphemeral}). */
    static List<ObjectNode> containers(ObjectNode spec, boolean withEphemeral) {
        List<ObjectNode> all = new ArrayList<>();
        List<String> fields = withEphemeral ? List.of("initContainers", "containers", "ephemeralContainers")
                : List.of("initContainers", "containers");
        for (String field : fields) {
            for (JsonNode c : spec.path(field)) {
                if (c instanceof ObjectNode o) {
                    all.add(o);
                }
            }
        }
        return all;
    }
}
