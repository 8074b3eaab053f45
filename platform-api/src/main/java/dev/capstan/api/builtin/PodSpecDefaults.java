package dev.capstan.api.builtin;

import dev.capstan.api.validation.FieldError;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Upstream's pod spec defaults and the basic checks, shared by Pods and every pod template. */
final class PodSpecDefaults {

    private PodSpecDefaults() {
    }

    /** Fills the defaults upstream's SetDefaults_PodSpec / SetDefaults_Container fill. */
    static void apply(ObjectNode spec) {
        putIfAbsent(spec, "restartPolicy", "Always");
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        if (!spec.has("terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", 30);
        }
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        for (String list : List.of("initContainers", "containers")) {
            JsonNode containers = spec.path(list);
            if (containers.isArray()) {
                for (JsonNode c : containers) {
                    if (c.isObject()) {
                        containerDefaults((ObjectNode) c);
                    }
                }
            }
        }
    }

    private static void containerDefaults(ObjectNode container) {
        putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(container, "terminationMessagePolicy", "File");
        if (!container.has("imagePullPolicy") && container.hasNonNull("image")) {
            String image = container.get("image").asString();
            String tag = image.contains("@") ? null
                    : image.lastIndexOf(':') > image.lastIndexOf('/') ? image.substring(image.lastIndexOf(':') + 1) : "";
            container.put("imagePullPolicy", tag != null && (tag.isEmpty() || tag.equals("latest")) ? "Always" : "IfNotPresent");
        }
        if (!container.has("resources")) {
            container.putObject("resources");
        }
        JsonNode ports = container.path("ports");
        if (ports.isArray()) {
            for (JsonNode port : ports) {
                if (port.isObject()) {
                    putIfAbsent((ObjectNode) port, "protocol", "TCP");
                }
            }
        }
    }

    /** Containers present, each with a unique DNS-label name and an image. */
    static void validate(JsonNode spec, String path, List<FieldError> errors) {
        JsonNode containers = spec.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            errors.add(FieldError.required(path + ".containers", ""));
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            JsonNode c = containers.get(i);
            String at = path + ".containers[" + i + "]";
            String name = c.path("name").asString("");
            if (name.isEmpty()) {
                errors.add(FieldError.required(at + ".name", ""));
            } else if (!names.add(name)) {
                errors.add(FieldError.duplicate(at + ".name", name));
            }
            if (c.path("image").asString("").isBlank()) {
                errors.add(FieldError.required(at + ".image", ""));
            }
        }
    }

    static void putIfAbsent(ObjectNode node, String field, String value) {
        if (!node.hasNonNull(field)) {
            node.put(field, value);
        }
    }
}
