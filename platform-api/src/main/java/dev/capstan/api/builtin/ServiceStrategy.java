package dev.capstan.api.builtin;

import dev.capstan.api.ResourceStrategy;
import dev.capstan.api.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Services: upstream's defaults (type, session affinity, port protocol and targetPort) and port checks. */
final class ServiceStrategy implements ResourceStrategy {

    @Override
    public void prepareForCreate(ObjectNode service) {
        defaults(service);
        service.putObject("status").putObject("loadBalancer");
    }

    @Override
    public void prepareForUpdate(ObjectNode service, ObjectNode old) {
        defaults(service);
        JsonNode oldIp = old.path("spec").path("clusterIP");
        if (service.get("spec") instanceof ObjectNode spec && !spec.hasNonNull("clusterIP") && !oldIp.isMissingNode()) {
            spec.set("clusterIP", oldIp);
            spec.set("clusterIPs", old.path("spec").path("clusterIPs"));
        }
    }

    private static void defaults(ObjectNode service) {
        if (!(service.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        PodSpecDefaults.putIfAbsent(spec, "type", "ClusterIP");
        PodSpecDefaults.putIfAbsent(spec, "sessionAffinity", "None");
        PodSpecDefaults.putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
        for (JsonNode port : spec.path("ports")) {
            if (port instanceof ObjectNode p) {
                PodSpecDefaults.putIfAbsent(p, "protocol", "TCP");
                if (!p.has("targetPort") && p.has("port")) {
                    p.set("targetPort", p.get("port"));
                }
            }
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode service) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode spec = service.path("spec");
        String type = spec.path("type").asString("ClusterIP");
        if (!List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName").contains(type)) {
            errors.add(FieldError.notSupported("spec.type", type, List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")));
        }
        JsonNode ports = spec.path("ports");
        if (!type.equals("ExternalName") && !"None".equals(spec.path("clusterIP").asString(null))
                && (!ports.isArray() || ports.isEmpty())) {
            errors.add(FieldError.required("spec.ports", ""));
        }
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i).path("port");
            if (!port.isInt() || port.asInt() < 1 || port.asInt() > 65535) {
                errors.add(FieldError.invalid("spec.ports[" + i + "].port", port, "must be between 1 and 65535, inclusive"));
            }
        }
        return errors;
    }
}
